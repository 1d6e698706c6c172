/**
 * Who sent a request: SigV4 header parsing, and either accepting any credentials (auth off) or
 * verifying signatures against configured keys (auth on). Depends on the JDK's crypto only.
 */
package dev.berth.aws.auth;

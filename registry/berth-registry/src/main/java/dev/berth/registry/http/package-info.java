/**
 * The distribution protocol (OCI Distribution Spec v1.1) over a request/response pair that knows
 * nothing of the HTTP server carrying it: bodies come in as streams and blobs go out as file regions.
 */
package dev.berth.registry.http;

/**
 * The awsJson1.1 protocol as a pure pipeline (request view in, encoded answer out), so every
 * front door shares routing, validation and error encoding. Knows no HTTP server and no store.
 */
package dev.berth.aws.protocol;

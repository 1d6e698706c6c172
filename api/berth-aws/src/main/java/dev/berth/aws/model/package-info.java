/**
 * AWS service models (botocore's, documentation stripped) and the input validation they drive.
 * Depends on Jackson and the domain's error types; no I/O beyond reading the model resource.
 */
package dev.berth.aws.model;

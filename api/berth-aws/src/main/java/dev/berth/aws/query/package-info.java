/**
 * The AWS query protocol (ELBv2 and the other form-encoded, XML-answering services) as a pure
 * pipeline: form parameters in, decoded into the awsJson form of the same model so operations and
 * validation are shared with the JSON front doors, and the answer encoded as XML. Knows no HTTP
 * server and no store.
 */
package dev.berth.aws.query;

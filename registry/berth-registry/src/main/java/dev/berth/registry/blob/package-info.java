/**
 * Content-addressed blobs on disk: uploads in progress, verified and atomically published blobs,
 * and their deletion, which garbage collection and publication serialise per digest.
 */
package dev.berth.registry.blob;

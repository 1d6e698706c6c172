/**
 * Image manifests and indexes (Docker v2 schema 2, OCI): parsing, validation and what they reference.
 * Pure functions of the pushed bytes: depends on {@code blob.Digest} and Jackson only, never on HTTP,
 * storage or the registry index.
 */
package dev.berth.registry.manifest;

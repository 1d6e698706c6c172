/** Image manifests and indexes (Docker v2 schema 2, OCI): parsing, validation and what they reference. */
package dev.berth.registry.manifest;

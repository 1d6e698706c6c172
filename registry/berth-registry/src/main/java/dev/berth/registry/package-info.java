/** The OCI distribution protocol and the blobs it serves: storage on disk, manifests, the /v2/ routes. */
package dev.berth.registry;

/** Process metrics for /metrics; the one package that imports Micrometer. */
package dev.berth.server.metrics;

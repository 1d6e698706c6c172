/**
 * Error categories and the exception that carries them to the edge. Services throw
 * {@link dev.berth.domain.error.ApiException}; one translator per protocol renders it. No I/O here.
 */
package dev.berth.domain.error;

/**
 * The HTTP edge: the one port every API is served on, on Vert.x. Reads requests on the event loop,
 * runs them on virtual threads. The only package of the control plane that imports Vert.x.
 */
package dev.berth.server.edge;

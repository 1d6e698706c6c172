/** Runs the control plane's controllers. */
package dev.berth.server.control;

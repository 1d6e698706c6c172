/** The control-plane process: its configuration and its composition root. */
package dev.berth.server;

/** The node agent: its configuration and composition root. */
package dev.berth.agent;

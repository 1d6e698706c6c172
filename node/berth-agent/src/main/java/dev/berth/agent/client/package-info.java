/** The agent's side of the agent protocol over HTTP, and what it keeps on disk to resume. */
package dev.berth.agent.client;

/**
 * The agent protocol (docs/agent-protocol.md): what a node agent and the control plane say to
 * each other over HTTP, as plain records serialised with Jackson. Level-triggered: the agent
 * long-polls for the full desired set of tasks of its instance and reports the full observed state
 * of those tasks. Timestamps are epoch milliseconds. No I/O here.
 */
package dev.berth.node.protocol;

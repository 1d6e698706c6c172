/**
 * The agent's core: from the desired tasks of its instance to containers, and back to reports.
 * Talks to the engine only through {@code runtime.ContainerRuntime} and to the control plane only
 * through {@code client.AgentChannel}. Plans are pure; runners own one task each.
 */
package dev.berth.agent.core;

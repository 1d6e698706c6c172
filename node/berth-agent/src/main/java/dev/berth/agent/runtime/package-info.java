/**
 * The seam between the agent and a container engine: what the agent needs to run tasks, in plain
 * records. The agent owns this interface; {@code runtime.docker} implements it with docker-java
 * and is the only package that imports docker-java.
 */
package dev.berth.agent.runtime;

package dev.berth.agent.runtime;

/**
 * @param cpus logical CPUs the engine's host has
 * @param memoryBytes the host's memory
 * @param version the engine's version
 * @param architecture x86_64 or aarch64, as the engine says it
 * @param osType linux
 */
public record EngineInfo(int cpus, long memoryBytes, String version, String architecture, String osType) {
}

/** The Docker Engine behind {@link dev.berth.agent.runtime.ContainerRuntime}: the only package that imports docker-java. */
package dev.berth.agent.runtime.docker;

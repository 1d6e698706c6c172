/**
 * Task definitions: the ECS rules a registration must satisfy and the normalised form ECS stores.
 * Works on JSON trees so that every member of the ECS model is kept as given. Pure; no I/O, no
 * clock: the revision, time and caller are added by the service that registers the draft.
 */
package dev.berth.domain.taskdefinition;

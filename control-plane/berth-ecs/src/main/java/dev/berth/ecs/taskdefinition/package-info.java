/** ECS task definitions: revisions per family, their lifecycle ACTIVE → INACTIVE → DELETE_IN_PROGRESS. */
package dev.berth.ecs.taskdefinition;

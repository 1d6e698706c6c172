/** ECS resource tagging by ARN, across the kinds that carry tags. */
package dev.berth.ecs.tagging;

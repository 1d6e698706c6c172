/** What the ECS operations share: record kinds and ids, page tokens, JSON bodies. */
package dev.berth.ecs.common;

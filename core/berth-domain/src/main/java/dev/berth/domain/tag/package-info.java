/** ECS resource tags and their rules. Pure; no I/O. */
package dev.berth.domain.tag;

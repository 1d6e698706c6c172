/** Helpers every validator shares: field paths for messages, the ECS name rule. No I/O. */
package dev.berth.domain.validation;

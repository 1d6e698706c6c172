/** Identifier generation behind an interface, so it can be injected and made deterministic in tests. */
package dev.berth.domain.id;

package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One revision of a registry entry as the office made it: the first ({@code revision} 1)
 * registers it, later ones change it (a vetting decision, a commissioner's end of
 * service, a solution published). Kept for good, so who changed what, when and why can
 * always be read.
 *
 * @param entry the entry as of this revision
 * @param revision its number, from 1
 * @param recordedAt when the office made it
 * @param recordedBy who made it (the office key's principal)
 * @param reason why, as the office gave it
 */
public record RegistryRevision(RegistryEntry entry, int revision, Instant recordedAt, String recordedBy,
		String reason) {

	public RegistryRevision {
		Objects.requireNonNull(entry, "entry");
		if (revision < 1) {
			throw new IllegalArgumentException("a revision is numbered from 1, not " + revision);
		}
		Objects.requireNonNull(recordedAt, "recordedAt");
		Objects.requireNonNull(recordedBy, "recordedBy");
		Objects.requireNonNull(reason, "reason");
	}

	public RegistryEntry.Kind kind() {
		return this.entry.kind();
	}

	public String id() {
		return this.entry.id();
	}

}

package com.pilottracker.access;

import java.time.Instant;

/**
 * An API key as the office sees it: everything but the key.
 *
 * @param keyId the public id
 * @param principal whose key it is
 * @param role what it may do
 * @param label what the office noted about it, if anything
 * @param issuedAt when it was issued
 * @param issuedBy who issued it (a principal, or {@code bootstrap})
 * @param revokedAt when it was revoked, if it was
 * @param revokedBy who revoked it, if anyone did
 */
public record ApiKeyRecord(String keyId, String principal, Role role, String label, Instant issuedAt, String issuedBy,
		Instant revokedAt, String revokedBy) {

	/** Whether the key is still valid. */
	public boolean active() {
		return this.revokedAt == null;
	}

}

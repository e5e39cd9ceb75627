package com.pilottracker.gateway.audit;

import java.time.Instant;

/**
 * One office write operation.
 *
 * @param id the entry's number, increasing
 * @param at when it was done
 * @param actor who did it (the principal of the key)
 * @param actorKey the id of the key used
 * @param action what was done, for example {@code uscc-exception.added}
 * @param target what it was done to, for example the USCC
 * @param detail more about it, for a person
 */
public record AuditEntry(long id, Instant at, String actor, String actorKey, String action, String target,
		String detail) {

}

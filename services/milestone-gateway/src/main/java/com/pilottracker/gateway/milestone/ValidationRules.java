package com.pilottracker.gateway.milestone;

import java.time.Duration;
import java.time.Instant;

import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Registries;
import com.pilottracker.gateway.reference.ReferenceData;

/**
 * What a milestone is checked against, fixed for one request: the time, the clock skew
 * allowed, the programme's start, and the reference data.
 *
 * @param now the gateway's clock
 * @param clockSkew how far in the future a milestone's {@code time} may lie
 * @param programmeStart no milestone happened before this
 * @param backdateLimit how far back from {@code now} the caller may date a milestone;
 * {@code null} for no bound (the office)
 * @param referenceData districts, industries and USCC exceptions
 * @param programmes the programmes whose milestones the gateway takes in
 * @param registries the office's registries: providers, commissioners, chain leaders
 */
record ValidationRules(Instant now, Duration clockSkew, Instant programmeStart, Duration backdateLimit,
		ReferenceData.Snapshot referenceData, Programmes programmes, Registries registries) {

}

package com.pilottracker.gateway.milestone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import com.pilottracker.access.Caller;
import com.pilottracker.access.Role;
import com.pilottracker.gateway.reference.ReferenceData;
import com.pilottracker.gateway.registry.RegistryBook;
import com.pilottracker.kafka.ProgrammeCatalog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@link ValidationRules} of the moment: the clock, the settings, the reference data,
 * the registries.
 */
@Component
class MilestoneRules {

	private final ReferenceData referenceData;

	private final Clock clock;

	private final Duration clockSkew;

	private final OffsetDateTime programmeStart;

	private final Duration providerBackdateLimit;

	private final ProgrammeCatalog programmes;

	private final RegistryBook registries;

	MilestoneRules(ReferenceData referenceData, ProgrammeCatalog programmes, RegistryBook registries,
			@Value("${pilot.gateway.clock-skew:5m}") Duration clockSkew,
			@Value("${pilot.programme.start:2023-01-01T00:00:00+08:00}") OffsetDateTime programmeStart,
			@Value("${pilot.gateway.provider-backdate-limit:90d}") Duration providerBackdateLimit) {
		if (providerBackdateLimit.isNegative() || providerBackdateLimit.isZero()) {
			throw new IllegalArgumentException(
					"pilot.gateway.provider-backdate-limit must be positive, not " + providerBackdateLimit);
		}
		this.referenceData = referenceData;
		this.programmes = programmes;
		this.registries = registries;
		this.clock = Clock.systemUTC();
		this.clockSkew = clockSkew;
		this.programmeStart = programmeStart;
		this.providerBackdateLimit = providerBackdateLimit;
	}

	/**
	 * The rules for the caller's milestones: a provider may date a milestone at most
	 * {@code pilot.gateway.provider-backdate-limit} back; the office back to the
	 * programme's start.
	 */
	ValidationRules now(Caller caller) {
		Duration backdateLimit = (caller != null && caller.role() == Role.OFFICE) ? null : this.providerBackdateLimit;
		Instant now = this.clock.instant();
		return new ValidationRules(now, this.clockSkew, this.programmeStart.toInstant(), backdateLimit,
				this.referenceData.current(), this.programmes.definedBy(now), this.registries.current());
	}

}

package com.pilottracker.gateway.milestone;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import com.pilottracker.gateway.reference.ReferenceData;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@link ValidationRules} of the moment: the clock, the settings, the reference data.
 */
@Component
class MilestoneRules {

	private final ReferenceData referenceData;

	private final Clock clock;

	private final Duration clockSkew;

	private final OffsetDateTime programmeStart;

	MilestoneRules(ReferenceData referenceData, @Value("${pilot.gateway.clock-skew:5m}") Duration clockSkew,
			@Value("${pilot.programme.start:2023-01-01T00:00:00+08:00}") OffsetDateTime programmeStart) {
		this.referenceData = referenceData;
		this.clock = Clock.systemUTC();
		this.clockSkew = clockSkew;
		this.programmeStart = programmeStart;
	}

	ValidationRules now() {
		return new ValidationRules(this.clock.instant(), this.clockSkew, this.programmeStart.toInstant(),
				this.referenceData.current());
	}

}

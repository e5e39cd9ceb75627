package com.pilottracker.lifecycle.pilot.processing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rejects, every so often, held milestones whose predecessor was not reported within the
 * hold limit, and keeps the {@code pilot_milestones_held} gauge.
 */
@Component
class HoldExpiry {

	private static final Logger logger = LoggerFactory.getLogger(HoldExpiry.class);

	private final MilestoneProcessor processor;

	private final AtomicLong held = new AtomicLong();

	HoldExpiry(MilestoneProcessor processor, MeterRegistry meters) {
		this.processor = processor;
		Gauge.builder("pilot.milestones.held", this.held, AtomicLong::get)
			.description("Milestones held for an earlier step of their enterprise")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pilot.lifecycle.hold-check-interval:60s}", initialDelay = 0)
	void expire() {
		try {
			while (this.processor.expireHolds(200) > 0) {
				// decided again: look for more
			}
			Long count = this.processor.heldCount().block(Duration.ofSeconds(10));
			this.held.set((count != null) ? count : 0);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not expire held milestones, will try again: {}", ex.toString());
		}
	}

}

package com.pilottracker.lifecycle.processing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.pilottracker.contracts.Programme;
import com.pilottracker.kafka.ProgrammeCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the gauge {@code pilot_milestones_held{programme}} every so often. It only
 * counts: holds expire on the log clock as milestones are decided ({@code BatchDecider}),
 * never on this schedule.
 */
@Component
class HeldMilestones {

	private static final Logger logger = LoggerFactory.getLogger(HeldMilestones.class);

	private final MilestoneProcessor processor;

	private final Map<String, AtomicLong> held = new ConcurrentHashMap<>();

	HeldMilestones(MilestoneProcessor processor, ProgrammeCatalog catalog, MeterRegistry meters) {
		this.processor = processor;
		catalog.all().forEach((programme) -> gauge(programme, meters));
		catalog.onNewProgramme((programme) -> gauge(programme, meters));
	}

	private void gauge(Programme programme, MeterRegistry meters) {
		AtomicLong count = this.held.computeIfAbsent(programme.id(), (id) -> new AtomicLong());
		Gauge.builder("pilot.milestones.held", count, AtomicLong::get)
			.description("Milestones held for an earlier step of their enterprise, by programme")
			.tag("programme", programme.id())
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pilot.lifecycle.held-gauge-interval:60s}", initialDelay = 0)
	void count() {
		try {
			Map<String, Long> counts = this.processor.heldCounts().block(Duration.ofSeconds(10));
			this.held
				.forEach((programme, count) -> count.set((counts != null) ? counts.getOrDefault(programme, 0L) : 0));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not count the held milestones, will try again: {}", ex.toString());
		}
	}

}

package com.pilottracker.lifecycle.pilot.processing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.lifecycle.outbox.Outbox;
import com.pilottracker.lifecycle.outbox.OutboxRelay;
import com.pilottracker.lifecycle.pilot.Outcome;
import com.pilottracker.lifecycle.pilot.PilotLifecycle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Decides a batch of milestones in one PostgreSQL transaction: for each, skip it if it
 * was decided before, otherwise apply the transition table, save the pilot, record the
 * decision and put the stage change in the outbox. Either all of a batch's effects are
 * committed or none, so a redelivered batch is decided exactly once.
 */
@Service
public class MilestoneProcessor {

	private static final Logger logger = LoggerFactory.getLogger(MilestoneProcessor.class);

	private final PilotStore pilots;

	private final Outbox outbox;

	private final OutboxRelay relay;

	private final TransactionalOperator transaction;

	private final Clock clock;

	private final MeterRegistry meters;

	MilestoneProcessor(PilotStore pilots, Outbox outbox, OutboxRelay relay, TransactionalOperator transaction,
			Clock clock, MeterRegistry meters) {
		this.pilots = pilots;
		this.outbox = outbox;
		this.relay = relay;
		this.transaction = transaction;
		this.clock = clock;
		this.meters = meters;
	}

	/** Decides the milestones, in order, and returns once the decisions are committed. */
	public void process(List<Milestone> milestones) {
		if (milestones.isEmpty()) {
			return;
		}
		List<Decided> decided = this.transaction.transactional(Flux.fromIterable(milestones).concatMap(this::decide))
			.collectList()
			.block();
		boolean applied = false;
		for (Decided each : decided) {
			count(each);
			applied |= each.outcome() == Decided.APPLIED;
		}
		if (applied) {
			this.relay.wakeUp();
		}
	}

	private Mono<Decided> decide(Milestone milestone) {
		return this.pilots.alreadyDecided(milestone).flatMap((seen) -> {
			if (seen) {
				return Mono.just(new Decided(milestone, Decided.DUPLICATE, null));
			}
			Instant now = this.clock.instant();
			return this.pilots.findForUpdate(milestone.subject())
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((current) -> record(milestone, PilotLifecycle.apply(current, milestone, now), now));
		});
	}

	private Mono<Decided> record(Milestone milestone, Outcome outcome, Instant now) {
		if (outcome instanceof Outcome.Applied applied) {
			return this.pilots.save(applied.pilot(), now)
				.then(this.outbox.enqueue(Topics.STAGE_CHANGES, StageChangedCodec.encode(applied.change())))
				.then(this.pilots.recordDecision(milestone, null, null, now))
				.thenReturn(new Decided(milestone, Decided.APPLIED, null));
		}
		Outcome.Refused refused = (Outcome.Refused) outcome;
		logger.info("Milestone {} from {} ({} for {}) not applied: {} - {}", milestone.id(), milestone.source(),
				milestone.type().cloudEventType(), milestone.subject(), refused.reason(), refused.detail());
		return this.pilots.recordDecision(milestone, refused.reason(), refused.detail(), now)
			.thenReturn(new Decided(milestone, Decided.REJECTED, refused.reason().name()));
	}

	private void count(Decided decided) {
		Counter.builder("pilot.milestones.decided")
			.description("Milestones the lifecycle decided, by type and outcome")
			.tag("type", decided.milestone().type().cloudEventType())
			.tag("outcome", decided.outcome())
			.tag("reason", (decided.reason() != null) ? decided.reason() : "none")
			.register(this.meters)
			.increment();
	}

	record Decided(Milestone milestone, String outcome, String reason) {

		static final String APPLIED = "applied";

		static final String REJECTED = "rejected";

		static final String DUPLICATE = "duplicate";

	}

}

package com.pilottracker.lifecycle.pilot.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.kafka.Traces;
import com.pilottracker.lifecycle.outbox.Outbox;
import com.pilottracker.lifecycle.outbox.OutboxRelay;
import com.pilottracker.lifecycle.pilot.PilotHistory;
import com.pilottracker.lifecycle.pilot.PilotState;
import com.pilottracker.lifecycle.pilot.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Decides milestones against PostgreSQL. A batch is decided in one transaction, with at
 * most five statements however many milestones it holds (a round trip each, so a batch no
 * longer waits for the database once per milestone):
 * <ol>
 * <li>which of its milestones were received before (the pilots their enterprises lack are
 * created in the same statement);</li>
 * <li>lock the pilots of the enterprises with a milestone not received before;</li>
 * <li>read those enterprises' milestones;</li>
 * <li>then, in memory and in the batch's order, each milestone not received before is
 * decided by replaying its enterprise's milestones with it through {@link PilotHistory}
 * ({@link BatchDecider}), and every effect is written: the milestones and their verdicts,
 * verdicts that changed (held milestones released or expired) and the pilots in one
 * statement,</li>
 * <li>and the events, in the order they were decided, in the outbox.</li>
 * </ol>
 * Either all of a batch's effects are committed or none, so a redelivered batch changes
 * nothing twice.
 */
@Service
public class MilestoneProcessor {

	private static final Logger logger = LoggerFactory.getLogger(MilestoneProcessor.class);

	private final PilotStore pilots;

	private final Outbox outbox;

	private final OutboxRelay relay;

	private final TransactionalOperator transaction;

	private final Clock clock;

	private final Duration holdLimit;

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	MilestoneProcessor(PilotStore pilots, Outbox outbox, OutboxRelay relay, TransactionalOperator transaction,
			Clock clock, @Value("${pilot.lifecycle.hold-limit:30d}") Duration holdLimit, MeterRegistry meters,
			ObservationRegistry observations) {
		this.observations = observations;
		this.pilots = pilots;
		this.outbox = outbox;
		this.relay = relay;
		this.transaction = transaction;
		this.clock = clock;
		this.holdLimit = holdLimit;
		this.meters = meters;
		for (RejectionReason reason : RejectionReason.values()) {
			rejected(reason);
		}
		for (MilestoneType type : MilestoneType.values()) {
			for (String outcome : new String[] { "applied", "held", "rejected", "duplicate" }) {
				decided(type.cloudEventType(), outcome);
			}
		}
	}

	/** Decides the milestones, in order, and returns once the decisions are committed. */
	public void process(List<Milestone> milestones) {
		process(milestones, Collections.nCopies(milestones.size(), null));
	}

	/**
	 * Decides the milestones, each in the trace its record carried ({@code traces}, the
	 * {@code traceparent} of each, {@code null} where none), in one transaction.
	 */
	public void process(List<Milestone> milestones, List<String> traces) {
		if (milestones.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Decided decided = this.transaction.transactional(this.pilots.received(milestones, now).flatMap((received) -> {
			Set<Uscc> enterprises = new HashSet<>();
			for (Milestone milestone : milestones) {
				if (!received.contains(BatchDecider.MilestoneKey.of(milestone))) {
					enterprises.add(milestone.subject());
				}
			}
			return decide(enterprises, received, now, (decider) -> {
				List<String> outcomes = new ArrayList<>(milestones.size());
				for (int i = 0; i < milestones.size(); i++) {
					outcomes.add(decider.arrive(milestones.get(i), traces.get(i)));
				}
				return outcomes;
			});
		})).block();
		for (int i = 0; i < milestones.size(); i++) {
			decided(milestones.get(i).type().cloudEventType(), decided.outcomes().get(i)).increment();
		}
		countRejections(decided.effects());
		logVerdicts(decided.effects());
		logDecisions(milestones, traces, decided.outcomes());
		this.relay.wakeUp();
	}

	/**
	 * Rejects held milestones whose time lies further back than the hold limit.
	 * @return how many enterprises were decided again
	 */
	public int expireHolds(int limit) {
		Instant now = this.clock.instant();
		List<Uscc> enterprises = this.pilots.enterprisesWithHoldsBefore(now.minus(this.holdLimit), limit)
			.collectList()
			.block();
		if (enterprises.isEmpty()) {
			return 0;
		}
		Decided decided = this.transaction.transactional(decide(enterprises, Set.of(), now, (decider) -> {
			enterprises.forEach(decider::redecide);
			return List.of();
		})).block();
		countRejections(decided.effects());
		logVerdicts(decided.effects());
		logger.info("Decided {} enterprise(s) again for held milestones older than {}", enterprises.size(),
				this.holdLimit);
		this.relay.wakeUp();
		return enterprises.size();
	}

	Mono<Long> heldCount() {
		return this.pilots.heldCount();
	}

	/**
	 * Locks the enterprises' pilots and reads their milestones, lets {@code steps}
	 * decide, and writes what they decided; in the caller's transaction.
	 */
	private Mono<Decided> decide(Collection<Uscc> enterprises, Set<BatchDecider.MilestoneKey> received, Instant now,
			Function<BatchDecider, List<String>> steps) {
		Mono<BatchDecider> decider = enterprises.isEmpty()
				? Mono.fromSupplier(() -> new BatchDecider(Map.of(), List.of(), received, now, this.holdLimit))
				: this.pilots.lock(enterprises)
					.flatMap((locked) -> this.pilots.milestonesOf(enterprises)
						.collectList()
						.map((stored) -> new BatchDecider(locked, stored, received, now, this.holdLimit)));
		return decider.flatMap((batch) -> {
			List<String> outcomes = steps.apply(batch);
			BatchDecider.Effects effects = batch.effects();
			return this.pilots.write(effects, now)
				.then(Mono.defer(() -> this.outbox.enqueue(records(effects.events(), now))))
				.thenReturn(new Decided(outcomes, effects));
		});
	}

	private static List<Outbox.Pending> records(List<BatchDecider.Event> events, Instant now) {
		List<Outbox.Pending> records = new ArrayList<>(events.size() + events.size() / 2);
		for (BatchDecider.Event event : events) {
			if (event instanceof BatchDecider.Decision decision) {
				Milestone milestone = decision.milestone();
				Verdict verdict = decision.verdict();
				MilestoneDecided decided = new MilestoneDecided(
						MilestoneDecidedCodec.eventIdFor(milestone.source(), milestone.id(),
								decision.decisionVersion()),
						milestone.subject(), milestone.source(), milestone.id(), milestone.type(), milestone.time(),
						verdict.status(), verdict.reason(), verdict.detail(), verdict.waitingFor(),
						decision.decisionVersion(), now);
				records.add(new Outbox.Pending(Topics.MILESTONE_DECISIONS, MilestoneDecidedCodec.encode(decided),
						decision.trace()));
				if (verdict.status() == MilestoneStatus.REJECTED) {
					records.add(new Outbox.Pending(Topics.MILESTONE_REJECTIONS,
							MilestoneDecidedCodec.encodeRejection(decided), decision.trace()));
				}
			}
			else if (event instanceof BatchDecider.Change change) {
				PilotState before = change.before();
				PilotState after = change.after();
				Optional<Milestone> cause = change.cause();
				StageChanged changed = new StageChanged(
						StageChangedCodec.eventIdFor(change.enterprise(), change.version()), change.enterprise(),
						(before != null) ? before.stage() : null, after.stage(), change.version(), after.reachedAt(),
						cause.map(Milestone::time).orElse(now), now, cause.map(Milestone::source).orElse(null),
						cause.map(Milestone::id).orElse(null), after.district(), after.industry(), after.provider());
				records
					.add(new Outbox.Pending(Topics.STAGE_CHANGES, StageChangedCodec.encode(changed), change.trace()));
			}
		}
		return records;
	}

	private void countRejections(BatchDecider.Effects effects) {
		for (BatchDecider.Event event : effects.events()) {
			if (event instanceof BatchDecider.Decision decision
					&& decision.verdict().status() == MilestoneStatus.REJECTED) {
				rejected(decision.verdict().reason()).increment();
			}
		}
	}

	/** Logs every verdict that is not a plain application, and every change of one. */
	private static void logVerdicts(BatchDecider.Effects effects) {
		for (BatchDecider.Event event : effects.events()) {
			if (event instanceof BatchDecider.Decision decision) {
				Milestone milestone = decision.milestone();
				Verdict verdict = decision.verdict();
				if (decision.decisionVersion() > 1) {
					logger.info("Milestone {} from {} ({} for {}) now {}: {}", milestone.id(), milestone.source(),
							milestone.type().cloudEventType(), milestone.subject(), verdict.status(), verdict.detail());
				}
				else if (verdict.status() != MilestoneStatus.APPLIED) {
					logger.info("Milestone {} from {} ({} for {}) {}: {}", milestone.id(), milestone.source(),
							milestone.type().cloudEventType(), milestone.subject(), verdict.status(), verdict.detail());
				}
			}
		}
	}

	/**
	 * Logs each milestone's outcome in the trace its record carried: no SQL is left to
	 * run in it, but the line must carry the milestone's trace id.
	 */
	private void logDecisions(List<Milestone> milestones, List<String> traces, List<String> outcomes) {
		if (!logger.isDebugEnabled()) {
			// no line to write: no observation per milestone either
			return;
		}
		Flux.range(0, milestones.size())
			.concatMap((index) -> Traces.continued(this.observations, "pilot.milestone.decide", traces.get(index),
					Traces.logged(Mono.just(outcomes.get(index)), (outcome) -> {
						Milestone milestone = milestones.get(index);
						logger.debug("Decided {} from {} ({} for {}): {}", milestone.id(), milestone.source(),
								milestone.type().cloudEventType(), milestone.subject().value(), outcome);
					})))
			.then()
			.block();
	}

	private Counter decided(String type, String outcome) {
		return Counter.builder("pilot.milestones.decided")
			.description("Milestones the lifecycle received, by type and first outcome")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private Counter rejected(RejectionReason reason) {
		return Counter.builder("pilot.milestones.rejected")
			.description("Rejections the lifecycle decided, by reason (a decision retried with its batch may count "
					+ "again)")
			.tag("reason", (reason != null) ? reason.name() : "NONE")
			.register(this.meters);
	}

	/**
	 * What a batch decided, once committed.
	 *
	 * @param outcomes the outcome on each milestone that arrived, in order
	 * @param effects everything written
	 */
	private record Decided(List<String> outcomes, BatchDecider.Effects effects) {
	}

}

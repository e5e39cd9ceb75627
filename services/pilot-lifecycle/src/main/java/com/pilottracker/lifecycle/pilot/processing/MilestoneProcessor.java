package com.pilottracker.lifecycle.pilot.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.Traces;
import com.pilottracker.contracts.Uscc;
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
 * Decides milestones against PostgreSQL. A batch is decided in one transaction: for each
 * milestone not received before, the enterprise's pilot is locked, all its milestones are
 * replayed through {@link PilotHistory} with the new one, and every effect is written in
 * the same transaction — the milestone and its verdict, verdicts that changed (held
 * milestones released or expired), the pilot, and the events for the outbox. Either all
 * of a batch's effects are committed or none, so a redelivered batch changes nothing
 * twice.
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
		for (com.pilottracker.contracts.MilestoneType type : com.pilottracker.contracts.MilestoneType.values()) {
			for (String outcome : new String[] { "applied", "held", "rejected", "duplicate" }) {
				decided(type.cloudEventType(), outcome);
			}
		}
	}

	/** Decides the milestones, in order, and returns once the decisions are committed. */
	public void process(List<Milestone> milestones) {
		process(milestones, java.util.Collections.nCopies(milestones.size(), null));
	}

	/**
	 * Decides the milestones, each in the trace its record carried ({@code traces}, the
	 * {@code traceparent} of each, {@code null} where none), in one transaction.
	 */
	public void process(List<Milestone> milestones, List<String> traces) {
		if (milestones.isEmpty()) {
			return;
		}
		List<String> outcomes = this.transaction.transactional(Flux.range(0, milestones.size())
			.concatMap((index) -> Traces.continued(this.observations, "pilot.milestone.decide", traces.get(index),
					Traces.logged(decide(milestones.get(index)),
							(outcome) -> logger.debug("Decided {} from {} ({} for {}): {}", milestones.get(index).id(),
									milestones.get(index).source(), milestones.get(index).type().cloudEventType(),
									milestones.get(index).subject().value(), outcome)))))
			.collectList()
			.block();
		for (int i = 0; i < milestones.size(); i++) {
			Milestone milestone = milestones.get(i);
			String outcome = outcomes.get(i);
			decided(milestone.type().cloudEventType(), outcome).increment();
		}
		this.relay.wakeUp();
	}

	/**
	 * Rejects held milestones whose time lies further back than the hold limit.
	 * @return how many enterprises were decided again
	 */
	public int expireHolds(int limit) {
		Instant cutoff = this.clock.instant().minus(this.holdLimit);
		List<Uscc> enterprises = this.pilots.enterprisesWithHoldsBefore(cutoff, limit).collectList().block();
		for (Uscc enterprise : enterprises) {
			this.transaction.transactional(redecide(enterprise)).block();
		}
		if (!enterprises.isEmpty()) {
			logger.info("Decided {} enterprise(s) again for held milestones older than {}", enterprises.size(),
					this.holdLimit);
			this.relay.wakeUp();
		}
		return enterprises.size();
	}

	Mono<Long> heldCount() {
		return this.pilots.heldCount();
	}

	private Mono<String> decide(Milestone milestone) {
		return this.pilots.received(milestone).flatMap((seen) -> {
			if (seen) {
				return Mono.just("duplicate");
			}
			Instant now = this.clock.instant();
			return this.pilots.lock(milestone.subject(), now)
				.flatMap((stored) -> this.pilots.milestonesOf(milestone.subject())
					.collectList()
					.flatMap((existing) -> settle(milestone.subject(), stored, existing, Optional.of(milestone), now)))
				.map((verdict) -> verdict.status().name().toLowerCase(java.util.Locale.ROOT));
		});
	}

	private Mono<Verdict> redecide(Uscc enterprise) {
		Instant now = this.clock.instant();
		return this.pilots.lock(enterprise, now)
			.flatMap((stored) -> this.pilots.milestonesOf(enterprise)
				.collectList()
				.flatMap((existing) -> settle(enterprise, stored, existing, Optional.empty(), now)));
	}

	/**
	 * Replays the enterprise's milestones (with the arrival, if any) and writes every
	 * effect.
	 * @return the verdict on the arrival, or {@link Verdict#APPLIED} when there is none
	 */
	private Mono<Verdict> settle(Uscc enterprise, PilotStore.StoredPilot stored,
			List<PilotStore.StoredMilestone> existing, Optional<Milestone> arrival, Instant now) {
		List<Milestone> all = new ArrayList<>(existing.size() + 1);
		existing.forEach((each) -> all.add(each.milestone()));
		arrival.ifPresent(all::add);
		PilotHistory.Replay replay = PilotHistory.replay(all, now.minus(this.holdLimit), this.holdLimit);

		List<Mono<Void>> effects = new ArrayList<>();
		for (PilotStore.StoredMilestone before : existing) {
			Verdict after = replay.verdictOn(before.milestone());
			if (!sameDecision(before.verdict(), after)) {
				long decisionVersion = before.decisionVersion() + 1;
				effects.add(this.pilots.update(before.milestone(), after, decisionVersion, now));
				effects.add(publishDecision(before.milestone(), after, decisionVersion, now));
				logger.info("Milestone {} from {} ({} for {}) now {}: {}", before.milestone().id(),
						before.milestone().source(), before.milestone().type().cloudEventType(), enterprise,
						after.status(), after.detail());
			}
		}
		arrival.ifPresent((milestone) -> {
			Verdict verdict = replay.verdictOn(milestone);
			effects.add(this.pilots.insert(milestone, verdict, now));
			effects.add(publishDecision(milestone, verdict, 1, now));
			if (verdict.status() != MilestoneStatus.APPLIED) {
				logger.info("Milestone {} from {} ({} for {}) {}: {}", milestone.id(), milestone.source(),
						milestone.type().cloudEventType(), enterprise, verdict.status(), verdict.detail());
			}
		});
		Optional<PilotState> state = replay.state();
		if (!Objects.equals(state.orElse(null), stored.state())) {
			if (state.isEmpty()) {
				throw new IllegalStateException("a replay took " + enterprise + " out of the pilot");
			}
			long version = stored.version() + 1;
			effects.add(this.pilots.save(enterprise, state.get(), version, now));
			effects.add(publishChange(enterprise, stored.state(), state.get(), version, arrival, now));
		}
		return Flux.concat(effects).then(Mono.just(arrival.map(replay::verdictOn).orElse(Verdict.APPLIED)));
	}

	private Mono<Void> publishDecision(Milestone milestone, Verdict verdict, long decisionVersion, Instant now) {
		MilestoneDecided decision = new MilestoneDecided(
				MilestoneDecidedCodec.eventIdFor(milestone.source(), milestone.id(), decisionVersion),
				milestone.subject(), milestone.source(), milestone.id(), milestone.type(), milestone.time(),
				verdict.status(), verdict.reason(), verdict.detail(), verdict.waitingFor(), decisionVersion, now);
		Mono<Void> published = this.outbox.enqueue(Topics.MILESTONE_DECISIONS, MilestoneDecidedCodec.encode(decision));
		if (verdict.status() == MilestoneStatus.REJECTED) {
			published = published
				.then(this.outbox.enqueue(Topics.MILESTONE_REJECTIONS, MilestoneDecidedCodec.encodeRejection(decision)))
				.doOnSuccess((done) -> rejected(verdict.reason()).increment());
		}
		return published;
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

	private Mono<Void> publishChange(Uscc enterprise, PilotState before, PilotState after, long version,
			Optional<Milestone> cause, Instant now) {
		StageChanged change = new StageChanged(StageChangedCodec.eventIdFor(enterprise, version), enterprise,
				(before != null) ? before.stage() : null, after.stage(), version, after.reachedAt(),
				cause.map(Milestone::time).orElse(now), now, cause.map(Milestone::source).orElse(null),
				cause.map(Milestone::id).orElse(null), after.district(), after.industry(), after.provider());
		return this.outbox.enqueue(Topics.STAGE_CHANGES, StageChangedCodec.encode(change));
	}

	private static boolean sameDecision(Verdict before, Verdict after) {
		return before.status() == after.status() && before.reason() == after.reason()
				&& before.waitingFor() == after.waitingFor();
	}

}

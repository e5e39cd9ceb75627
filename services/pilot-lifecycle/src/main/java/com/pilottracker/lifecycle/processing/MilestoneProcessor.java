package com.pilottracker.lifecycle.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.kafka.Traces;
import com.pilottracker.lifecycle.deciding.Arrival;
import com.pilottracker.lifecycle.deciding.BatchDecider;
import com.pilottracker.lifecycle.deciding.Key;
import com.pilottracker.lifecycle.outbox.Outbox;
import com.pilottracker.lifecycle.outbox.OutboxRelay;
import com.pilottracker.lifecycle.programme.ProgrammeState;
import com.pilottracker.lifecycle.programme.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Decides milestones against PostgreSQL, for every programme of the catalog. A batch is
 * decided in one transaction, with a handful of statements however many milestones it
 * holds (a round trip each, so a batch no longer waits for the database once per
 * milestone):
 * <ol>
 * <li>which of its milestones were received before (the rows their programmes and
 * enterprises lack are created in the same statement);</li>
 * <li>the log clocks of its partitions (locked);</li>
 * <li>which other enterprises have a hold or lapse due on those clocks;</li>
 * <li>lock the rows of the enterprises with a milestone not received before, or due;</li>
 * <li>read those enterprises' milestones;</li>
 * <li>then, in memory and in the batch's order, each milestone not received before is
 * decided by replaying its enterprise's milestones with it ({@link BatchDecider}, which
 * also decides what fell due on the log clock), and every effect is written: the
 * milestones and their verdicts, verdicts that changed, the enterprises' rows and the log
 * clocks in one statement,</li>
 * <li>and the events, in the order they were decided, in the outbox.</li>
 * </ol>
 * Either all of a batch's effects are committed or none, so a redelivered batch changes
 * nothing twice. No clock is read: every date the lifecycle publishes comes from the log.
 */
@Service
public class MilestoneProcessor {

	private static final Logger logger = LoggerFactory.getLogger(MilestoneProcessor.class);

	private static final List<String> OUTCOMES = List.of("applied", "held", "rejected", "duplicate");

	private final ProgrammeStore store;

	private final ProgrammeCatalog catalog;

	private final Outbox outbox;

	private final OutboxRelay relay;

	private final TransactionalOperator transaction;

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	MilestoneProcessor(ProgrammeStore store, ProgrammeCatalog catalog, Outbox outbox, OutboxRelay relay,
			TransactionalOperator transaction, MeterRegistry meters, ObservationRegistry observations) {
		this.store = store;
		this.catalog = catalog;
		this.outbox = outbox;
		this.relay = relay;
		this.transaction = transaction;
		this.meters = meters;
		this.observations = observations;
		catalog.all().forEach(this::registerMeters);
		catalog.onNewProgramme(this::registerMeters);
	}

	/** Every series of a programme from the start, so rates and alerts have them. */
	private void registerMeters(Programme programme) {
		for (RejectionReason reason : RejectionReason.values()) {
			rejected(programme.id(), reason);
		}
		for (MilestoneType type : programme.milestoneTypes()) {
			for (String outcome : OUTCOMES) {
				decided(programme.id(), type.cloudEventType(), outcome);
			}
		}
	}

	/**
	 * Decides the milestones, in order, each on its partition's log clock, in one
	 * transaction, and returns once the decisions are committed.
	 * @param arrivals milestones whose type a programme of the catalog declares
	 */
	public void process(List<Arrival> arrivals) {
		if (arrivals.isEmpty()) {
			return;
		}
		for (Arrival arrival : arrivals) {
			if (this.catalog.declaring(arrival.milestone().type()).isEmpty()) {
				throw new IllegalArgumentException(
						"no programme declares " + arrival.milestone().type() + ": it should not have got here");
			}
		}
		List<Milestone> milestones = arrivals.stream().map(Arrival::milestone).toList();
		Set<Integer> partitions = new TreeSet<>();
		arrivals.forEach((arrival) -> partitions.add(arrival.partition()));
		Decided decided = this.transaction.transactional(this.store.received(milestones)
			.flatMap((received) -> this.store.logTimes(partitions).flatMap((stored) -> {
				Map<Integer, Instant> clocks = clocksAfter(stored, arrivals);
				return this.store.due(clocks).collectList().flatMap((due) -> {
					Set<Key> keys = new LinkedHashSet<>();
					for (Milestone milestone : milestones) {
						if (!received.contains(BatchDecider.MilestoneKey.of(milestone))) {
							keys.add(Key.of(milestone));
						}
					}
					keys.addAll(due);
					return decide(keys, received, stored, (decider) -> {
						List<String> outcomes = new ArrayList<>(arrivals.size());
						arrivals.forEach((arrival) -> outcomes.add(decider.arrive(arrival)));
						decider.finish();
						return outcomes;
					});
				});
			}))).block();
		for (int i = 0; i < milestones.size(); i++) {
			Milestone milestone = milestones.get(i);
			decided(milestone.programme(), milestone.type().cloudEventType(), decided.outcomes().get(i)).increment();
		}
		countRejections(decided.effects());
		logVerdicts(decided.effects());
		logDecisions(arrivals, decided.outcomes());
		this.relay.wakeUp();
	}

	/** The log time of each partition once the batch is read. */
	private static Map<Integer, Instant> clocksAfter(Map<Integer, Instant> stored, List<Arrival> arrivals) {
		Map<Integer, Instant> clocks = new TreeMap<>(stored);
		for (Arrival arrival : arrivals) {
			clocks.merge(arrival.partition(), BatchDecider.asStored(arrival.milestone().acceptedAt()),
					(before, now) -> before.isAfter(now) ? before : now);
		}
		return clocks;
	}

	Mono<Map<String, Long>> heldCounts() {
		return this.store.heldCounts();
	}

	/**
	 * Locks the enterprises' rows and reads their milestones, lets {@code steps} decide,
	 * and writes what they decided; in the caller's transaction.
	 */
	private Mono<Decided> decide(Collection<Key> keys, Set<BatchDecider.MilestoneKey> received,
			Map<Integer, Instant> logTimes, Function<BatchDecider, List<String>> steps) {
		Mono<BatchDecider> decider = keys.isEmpty()
				? Mono.fromSupplier(
						() -> new BatchDecider(this.catalog.current(), Map.of(), List.of(), received, logTimes))
				: this.store.lock(keys)
					.flatMap((locked) -> this.store.milestonesOf(keys)
						.collectList()
						.map((stored) -> new BatchDecider(this.catalog.current(), locked, stored, received, logTimes)));
		return decider.flatMap((batch) -> {
			List<String> outcomes = steps.apply(batch);
			BatchDecider.Effects effects = batch.effects();
			return this.store.write(effects)
				.then(Mono.defer(() -> this.outbox.enqueue(records(effects.events()))))
				.thenReturn(new Decided(outcomes, effects));
		});
	}

	static List<Outbox.Pending> records(List<BatchDecider.Event> events) {
		List<Outbox.Pending> records = new ArrayList<>(events.size() + events.size() / 2);
		for (BatchDecider.Event event : events) {
			if (event instanceof BatchDecider.Decision decision) {
				MilestoneDecided decided = decided(decision);
				records.add(new Outbox.Pending(Topics.MILESTONE_DECISIONS, MilestoneDecidedCodec.encode(decided),
						decision.trace()));
				if (decided.status() == MilestoneStatus.REJECTED) {
					records.add(new Outbox.Pending(Topics.MILESTONE_REJECTIONS,
							MilestoneDecidedCodec.encodeRejection(decided), decision.trace()));
				}
			}
			else if (event instanceof BatchDecider.Change change) {
				records.add(new Outbox.Pending(Topics.STAGE_CHANGES, StageChangedCodec.encode(changed(change)),
						change.trace()));
			}
		}
		return records;
	}

	static MilestoneDecided decided(BatchDecider.Decision decision) {
		Milestone milestone = decision.milestone();
		Verdict verdict = decision.verdict();
		RejectionReason reason = (verdict instanceof Verdict.Rejected rejected) ? rejected.reason() : null;
		return new MilestoneDecided(
				MilestoneDecidedCodec.eventIdFor(milestone.source(), milestone.id(), decision.decisionVersion()),
				milestone.subject(), milestone.source(), milestone.id(), milestone.type(), milestone.time(),
				verdict.status(), reason, verdict.detail(),
				(verdict instanceof Verdict.Held held) ? held.waitingFor() : null, decision.decisionVersion(),
				decision.decidedAt());
	}

	static StageChanged changed(BatchDecider.Change change) {
		ProgrammeState before = change.before();
		ProgrammeState after = change.after();
		Key key = change.key();
		return new StageChanged(StageChangedCodec.eventIdFor(key.programme(), key.enterprise(), change.version()),
				key.programme(), key.enterprise(), (before != null) ? before.stage() : null, after.stage(),
				change.version(), after.reachedAt(), change.occurredAt(), change.recordedAt(),
				change.cause().map(Milestone::source).orElse(null), change.cause().map(Milestone::id).orElse(null),
				after.district(), after.industry(), after.provider(), after.attributes());
	}

	private void countRejections(BatchDecider.Effects effects) {
		for (BatchDecider.Event event : effects.events()) {
			if (event instanceof BatchDecider.Decision decision
					&& decision.verdict() instanceof Verdict.Rejected rejected) {
				rejected(decision.milestone().programme(), rejected.reason()).increment();
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
			else if (event instanceof BatchDecider.Change change && change.cause().isEmpty()) {
				logger.info("{} of {} now {} (due at {} on the log clock)", change.key().programme(),
						change.key().enterprise(), change.after().stage(), change.recordedAt());
			}
		}
	}

	/**
	 * Logs each milestone's outcome in the trace its record carried: no SQL is left to
	 * run in it, but the line must carry the milestone's trace id.
	 */
	private void logDecisions(List<Arrival> arrivals, List<String> outcomes) {
		if (!logger.isDebugEnabled()) {
			// no line to write: no observation per milestone either
			return;
		}
		Flux.range(0, arrivals.size())
			.concatMap((index) -> Traces.continued(this.observations, "pilot.milestone.decide",
					arrivals.get(index).trace(), Traces.logged(Mono.just(outcomes.get(index)), (outcome) -> {
						Milestone milestone = arrivals.get(index).milestone();
						logger.debug("Decided {} from {} ({} for {}): {}", milestone.id(), milestone.source(),
								milestone.type().cloudEventType(), milestone.subject().value(), outcome);
					})))
			.then()
			.block();
	}

	/** The counter of first outcomes; its tags come from the catalog only. */
	private Counter decided(String programme, String type, String outcome) {
		return Counter.builder("pilot.milestones.decided")
			.description("Milestones the lifecycle received, by programme, type and first outcome")
			.tag("programme", programme)
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private Counter rejected(String programme, RejectionReason reason) {
		return Counter.builder("pilot.milestones.rejected")
			.description("Rejections the lifecycle decided, by programme and reason (a decision retried with its "
					+ "batch may count again)")
			.tag("programme", programme)
			.tag("reason", reason.name())
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

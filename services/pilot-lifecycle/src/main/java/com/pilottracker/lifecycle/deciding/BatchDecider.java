package com.pilottracker.lifecycle.deciding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.lifecycle.programme.ProgrammeHistory;
import com.pilottracker.lifecycle.programme.ProgrammeState;
import com.pilottracker.lifecycle.programme.Verdict;

/**
 * Decides a batch in memory, one step after the other in the batch's order, exactly as
 * deciding each milestone on its own against the tables would: each step replays the
 * enterprise's milestones in the programme as the steps before it left them (those
 * earlier in the same batch included) and records its effects, which the processor then
 * writes with a few set-based statements.
 * <p>
 * <b>The log clock.</b> Nothing here reads a clock. Each partition of the milestone topic
 * has a log time: the latest record timestamp (acceptance time) read on it so far. A hold
 * expires, and a recognition lapses, when the log time of its enterprise's partition
 * passes its due instant; it is decided at that instant, as a step of its own, at points
 * that do not depend on where batches begin or end:
 * <ol>
 * <li>before a milestone of an enterprise is decided, that enterprise's due holds and
 * lapses (due before the milestone's partition's log time) are decided, each as its own
 * step, in the order they fell due;</li>
 * <li>the milestone is decided with the horizon just before the log time, its decisions
 * dated at its acceptance time;</li>
 * <li>at the end of the batch ({@link #finish()}), every other enterprise's due holds and
 * lapses on the batch's partitions, likewise.</li>
 * </ol>
 * Reading the same log again therefore gives the same decisions, versions and dates,
 * however it is cut into batches.
 * <p>
 * What it keeps of a milestone or a state is what PostgreSQL would give back
 * ({@link #asStored(Instant) times rounded to microseconds}), so a later step sees
 * exactly what it would have read from the tables.
 */
public final class BatchDecider {

	private final Programmes catalog;

	private final Map<Key, Enterprise> enterprises = new HashMap<>();

	private final Set<MilestoneKey> seen;

	private final Map<Integer, Instant> logTimes;

	private final Set<Integer> advanced = new LinkedHashSet<>();

	private final List<Tracked> inserted = new ArrayList<>();

	private final Map<MilestoneKey, Tracked> updated = new LinkedHashMap<>();

	private final Set<Key> saved = new LinkedHashSet<>();

	private final List<Event> events = new ArrayList<>();

	/**
	 * @param catalog the programmes, one of which declares each milestone's type
	 * @param states the locked row of every enterprise the batch may touch
	 * @param milestones their milestones that take part in decisions (all but expired
	 * holds)
	 * @param received the milestones of the batch that were received before
	 * @param logTimes the stored log time of each partition the batch reads
	 */
	public BatchDecider(Programmes catalog, Map<Key, StoredState> states, List<StoredMilestone> milestones,
			Set<MilestoneKey> received, Map<Integer, Instant> logTimes) {
		this.catalog = catalog;
		states.forEach((key, stored) -> this.enterprises.put(key, new Enterprise(stored)));
		for (StoredMilestone stored : milestones) {
			enterprise(Key.of(stored.milestone())).milestones.add(new Tracked(stored.milestone(), stored.verdict(),
					stored.decisionVersion(), stored.decidedAt(), false));
		}
		this.seen = new HashSet<>(received);
		this.logTimes = new TreeMap<>(logTimes);
	}

	/**
	 * Decides a milestone that arrived.
	 * @return the outcome: {@code applied}, {@code held}, {@code rejected} or
	 * {@code duplicate} when its source and id were received before, in an earlier batch
	 * or earlier in this one
	 */
	public String arrive(Arrival arrival) {
		Milestone milestone = asStored(arrival.milestone());
		Instant logTime = this.logTimes.merge(arrival.partition(), milestone.acceptedAt(),
				(before, now) -> before.isAfter(now) ? before : now);
		this.advanced.add(arrival.partition());
		if (!this.seen.add(MilestoneKey.of(milestone))) {
			return "duplicate";
		}
		Key key = Key.of(milestone);
		Enterprise enterprise = enterprise(key);
		enterprise.partition = arrival.partition();
		expireDue(key, logTime);
		Verdict verdict = settle(key, Optional.of(milestone), logTime.minusNanos(1), milestone.acceptedAt(),
				arrival.trace());
		return verdict.status().name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Decides, at the end of the batch, the holds and lapses of the enterprises in it
	 * that fell due on their partition's log clock, each as its own step in the order
	 * they fell due.
	 */
	public void finish() {
		Instant latest = this.logTimes.values().stream().max(Comparator.naturalOrder()).orElse(null);
		List<Key> due = this.enterprises.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().due != null)
			.sorted(Comparator.comparing((Map.Entry<Key, Enterprise> entry) -> entry.getValue().due)
				.thenComparing(Map.Entry::getKey))
			.map(Map.Entry::getKey)
			.toList();
		for (Key key : due) {
			Enterprise enterprise = this.enterprises.get(key);
			// a row of the release before log clocks does not know its partition yet:
			// the latest clock of the batch stands in for it
			Instant clock = (enterprise.partition != null) ? this.logTimes.get(enterprise.partition) : latest;
			if (clock != null) {
				expireDue(key, clock);
			}
		}
	}

	/** Everything the steps so far decided, to be written in one transaction. */
	public Effects effects() {
		List<StoredMilestone> inserts = this.inserted.stream().map(Tracked::stored).toList();
		List<StoredMilestone> updates = this.updated.values().stream().map(Tracked::stored).toList();
		Map<Key, StoredState> saves = new LinkedHashMap<>();
		for (Key key : this.saved) {
			Enterprise enterprise = this.enterprises.get(key);
			saves.put(key, new StoredState(enterprise.state, enterprise.version, enterprise.due, enterprise.partition));
		}
		Map<Integer, Instant> clocks = new TreeMap<>();
		this.advanced.forEach((partition) -> clocks.put(partition, this.logTimes.get(partition)));
		return new Effects(inserts, updates, saves, clocks, List.copyOf(this.events));
	}

	private void expireDue(Key key, Instant logTime) {
		Enterprise enterprise = enterprise(key);
		while (enterprise.due != null && enterprise.due.isBefore(logTime)) {
			Instant due = enterprise.due;
			settle(key, Optional.empty(), due, due, null);
			if (Objects.equals(enterprise.due, due)) {
				throw new IllegalStateException("deciding " + key + " at " + due + " left it due then");
			}
		}
	}

	private Verdict settle(Key key, Optional<Milestone> arrival, Instant horizon, Instant decidedAt, String trace) {
		Enterprise enterprise = enterprise(key);
		Programme programme = this.catalog.require(key.programme());
		List<Milestone> all = new ArrayList<>(enterprise.milestones.size() + 1);
		enterprise.milestones.forEach((each) -> all.add(each.milestone));
		arrival.ifPresent(all::add);
		// the provider applied so far holds the enterprise against other providers'
		// naming steps, however they are dated
		String holder = (enterprise.state != null) ? enterprise.state.provider() : null;
		ProgrammeHistory.Replay replay = ProgrammeHistory.replay(programme, all, holder, horizon);

		// decisions that change are published in the order the history happened, never in
		// the order the rows happened to be read, so a replay of the log writes the same
		Map<Milestone, Tracked> stored = new HashMap<>();
		enterprise.milestones.forEach((each) -> stored.put(each.milestone, each));
		for (Milestone milestone : replay.verdicts().keySet()) {
			Tracked before = stored.get(milestone);
			if (before == null) {
				continue;
			}
			Verdict after = replay.verdictOn(before.milestone);
			if (!Verdict.sameDecision(before.verdict, after)) {
				before.verdict = after;
				before.decisionVersion++;
				before.decidedAt = decidedAt;
				if (!before.newInBatch) {
					this.updated.putIfAbsent(MilestoneKey.of(before.milestone), before);
				}
				this.events.add(new Decision(before.milestone, after, before.decisionVersion, decidedAt, trace));
			}
		}
		Verdict verdict = Verdict.APPLIED;
		if (arrival.isPresent()) {
			Milestone milestone = arrival.get();
			verdict = replay.verdictOn(milestone);
			Tracked tracked = new Tracked(milestone, verdict, 1, decidedAt, true);
			enterprise.milestones.add(tracked);
			this.inserted.add(tracked);
			this.events.add(new Decision(milestone, verdict, 1, decidedAt, trace));
			this.saved.add(key);
		}
		Optional<ProgrammeState> state = replay.state();
		if (!Objects.equals(state.orElse(null), enterprise.state)) {
			if (state.isEmpty()) {
				throw new IllegalStateException("a replay took " + key + " out of its programme");
			}
			enterprise.version++;
			Instant occurredAt = arrival.map(Milestone::time).orElse(decidedAt);
			this.events.add(new Change(key, enterprise.state, state.get(), enterprise.version, arrival, occurredAt,
					decidedAt, trace));
			enterprise.state = asStored(state.get());
			this.saved.add(key);
		}
		Instant due = replay.nextDue().map(BatchDecider::asStored).orElse(null);
		if (!Objects.equals(due, enterprise.due)) {
			enterprise.due = due;
			this.saved.add(key);
		}
		// an expired hold takes no part in later decisions: the table is read without
		// them
		enterprise.milestones
			.removeIf((each) -> each.verdict instanceof Verdict.Rejected rejected && rejected.isExpiredHold());
		return verdict;
	}

	private Enterprise enterprise(Key key) {
		Enterprise enterprise = this.enterprises.get(key);
		if (enterprise == null) {
			throw new IllegalStateException(key + " was not locked for the batch");
		}
		return enterprise;
	}

	/**
	 * The instant as a {@code timestamptz} keeps it: PostgreSQL rounds to the nearest
	 * microsecond, half up. The lifecycle writes the rounded value itself, so what it
	 * keeps in memory and what it stores are the same.
	 */
	public static Instant asStored(Instant instant) {
		if (instant == null) {
			return null;
		}
		int nanos = instant.getNano();
		int rounded = (nanos + 500) / 1000 * 1000;
		return (rounded == nanos) ? instant : instant.plusNanos(rounded - nanos);
	}

	public static Milestone asStored(Milestone milestone) {
		Instant time = asStored(milestone.time());
		Instant acceptedAt = asStored(milestone.acceptedAt());
		return (time.equals(milestone.time()) && Objects.equals(acceptedAt, milestone.acceptedAt())) ? milestone
				: new Milestone(milestone.id(), milestone.source(), milestone.type(), milestone.subject(), time,
						acceptedAt, milestone.data());
	}

	public static ProgrammeState asStored(ProgrammeState state) {
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		state.reachedAt().forEach((stage, at) -> reachedAt.put(stage, asStored(at)));
		return new ProgrammeState(state.stage(), reachedAt, state.district(), state.industry(), state.attributes(),
				state.provider());
	}

	/**
	 * What a batch decided, for the tables and the outbox.
	 *
	 * @param inserted the milestones received, with their verdict at the batch's end
	 * @param updated milestones stored before whose verdict changed, as they end
	 * @param saved the rows of enterprises that changed, as they end
	 * @param logTimes the log time of each partition the batch read
	 * @param events the decisions and stage changes to publish, in the order they were
	 * decided
	 */
	public record Effects(List<StoredMilestone> inserted, List<StoredMilestone> updated, Map<Key, StoredState> saved,
			Map<Integer, Instant> logTimes, List<Event> events) {

	}

	/** Something to publish: a {@link Decision} or a {@link Change}. */
	public sealed interface Event permits Decision, Change {

		/** The {@code traceparent} of the milestone whose step caused it, or null. */
		String trace();

	}

	/**
	 * A verdict on a milestone: its first one or a change of it.
	 *
	 * @param milestone the milestone
	 * @param verdict the verdict
	 * @param decisionVersion 1 for the first verdict, one more for each change
	 * @param decidedAt the acceptance time of the milestone whose arrival decided it, or
	 * the instant a hold expired or a lapse took effect
	 * @param trace see {@link Event#trace()}
	 */
	public record Decision(Milestone milestone, Verdict verdict, long decisionVersion, Instant decidedAt,
			String trace) implements Event {

	}

	/**
	 * A change of an enterprise in a programme.
	 *
	 * @param key the programme and enterprise
	 * @param before the state before, {@code null} if nothing was applied
	 * @param after the state after
	 * @param version the enterprise's version in the programme after the change
	 * @param cause the milestone that arrived, empty when a due hold or lapse was decided
	 * @param occurredAt the cause's {@code time}, or the instant the lapse or expiry took
	 * effect
	 * @param recordedAt the cause's acceptance time, or that instant
	 * @param trace see {@link Event#trace()}
	 */
	public record Change(Key key, ProgrammeState before, ProgrammeState after, long version, Optional<Milestone> cause,
			Instant occurredAt, Instant recordedAt, String trace) implements Event {

	}

	/**
	 * A milestone's source and id: what makes it the same milestone.
	 *
	 * @param source its CloudEvents source
	 * @param id its CloudEvents id
	 */
	public record MilestoneKey(String source, String id) {

		public static MilestoneKey of(Milestone milestone) {
			return new MilestoneKey(milestone.source(), milestone.id());
		}

	}

	/** An enterprise in a programme as the steps so far left it. */
	private static final class Enterprise {

		private ProgrammeState state;

		private long version;

		private Instant due;

		private Integer partition;

		private final List<Tracked> milestones = new ArrayList<>();

		Enterprise(StoredState stored) {
			this.state = stored.state();
			this.version = stored.version();
			this.due = stored.due();
			this.partition = stored.partition();
		}

	}

	/** A milestone that takes part in decisions, with its verdict so far. */
	private static final class Tracked {

		private final Milestone milestone;

		private Verdict verdict;

		private long decisionVersion;

		private Instant decidedAt;

		// such a milestone is inserted with its last verdict, not updated
		private final boolean newInBatch;

		Tracked(Milestone milestone, Verdict verdict, long decisionVersion, Instant decidedAt, boolean newInBatch) {
			this.milestone = milestone;
			this.verdict = verdict;
			this.decidedAt = decidedAt;
			this.decisionVersion = decisionVersion;
			this.newInBatch = newInBatch;
		}

		StoredMilestone stored() {
			return new StoredMilestone(this.milestone, this.verdict, this.decisionVersion, this.decidedAt);
		}

	}

}

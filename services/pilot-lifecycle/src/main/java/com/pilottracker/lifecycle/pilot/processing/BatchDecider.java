package com.pilottracker.lifecycle.pilot.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.pilot.PilotHistory;
import com.pilottracker.lifecycle.pilot.PilotState;
import com.pilottracker.lifecycle.pilot.Verdict;

/**
 * Decides a batch in memory, one step after the other in the batch's order, exactly as
 * deciding each milestone on its own against the tables would: each step replays the
 * enterprise's milestones as the steps before it left them (those earlier in the same
 * batch included) and records its effects, which the {@link MilestoneProcessor} then
 * writes with a few set-based statements.
 * <p>
 * What it keeps of a milestone or a pilot is what PostgreSQL would give back
 * ({@link #asStored(Instant) times rounded to microseconds}), so a later step sees
 * exactly what it would have read from the tables.
 */
final class BatchDecider {

	private final Map<Uscc, Enterprise> enterprises = new HashMap<>();

	private final Set<MilestoneKey> seen;

	private final Instant holdCutoff;

	private final Duration holdLimit;

	private final List<Tracked> inserted = new ArrayList<>();

	private final Map<MilestoneKey, Tracked> updated = new LinkedHashMap<>();

	private final Set<Uscc> saved = new LinkedHashSet<>();

	private final List<Event> events = new ArrayList<>();

	/**
	 * @param pilots the locked pilot of every enterprise the batch may touch
	 * @param milestones their milestones that take part in decisions (all but expired
	 * holds)
	 * @param received the milestones of the batch that were received before
	 * @param now when the batch is decided
	 * @param holdLimit how long a milestone may be held
	 */
	BatchDecider(Map<Uscc, PilotStore.StoredPilot> pilots, List<PilotStore.StoredMilestone> milestones,
			Set<MilestoneKey> received, Instant now, Duration holdLimit) {
		pilots.forEach((enterprise, stored) -> this.enterprises.put(enterprise, new Enterprise(stored)));
		for (PilotStore.StoredMilestone stored : milestones) {
			enterprise(stored.milestone().subject()).milestones
				.add(new Tracked(stored.milestone(), stored.verdict(), stored.decisionVersion(), false));
		}
		this.seen = new HashSet<>(received);
		this.holdCutoff = now.minus(holdLimit);
		this.holdLimit = holdLimit;
	}

	/**
	 * Decides a milestone that arrived.
	 * @param trace the {@code traceparent} the milestone's record carried, or
	 * {@code null}: every record this step causes carries it
	 * @return the outcome: {@code applied}, {@code held}, {@code rejected} or
	 * {@code duplicate} when its source and id were received before, in an earlier batch
	 * or earlier in this one
	 */
	String arrive(Milestone milestone, String trace) {
		if (!this.seen.add(MilestoneKey.of(milestone))) {
			return "duplicate";
		}
		Verdict verdict = settle(milestone.subject(), Optional.of(milestone), trace);
		return verdict.status().name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Decides the enterprise's milestones again with none arriving, so that holds that
	 * have expired are rejected.
	 */
	void redecide(Uscc enterprise) {
		settle(enterprise, Optional.empty(), null);
	}

	/** Everything the steps so far decided, to be written in one transaction. */
	Effects effects() {
		List<PilotStore.StoredMilestone> inserts = this.inserted.stream().map(Tracked::stored).toList();
		List<PilotStore.StoredMilestone> updates = this.updated.values().stream().map(Tracked::stored).toList();
		List<PilotStore.SavedPilot> saves = this.saved.stream().map((enterprise) -> {
			Enterprise pilot = this.enterprises.get(enterprise);
			return new PilotStore.SavedPilot(enterprise, pilot.state, pilot.version);
		}).toList();
		return new Effects(inserts, updates, saves, List.copyOf(this.events));
	}

	private Verdict settle(Uscc id, Optional<Milestone> arrival, String trace) {
		Enterprise enterprise = enterprise(id);
		List<Milestone> all = new ArrayList<>(enterprise.milestones.size() + 1);
		enterprise.milestones.forEach((each) -> all.add(each.milestone));
		arrival.ifPresent(all::add);
		// the contract applied so far holds the enterprise against other providers'
		// contracts, however they are dated
		String holder = (enterprise.state != null) ? enterprise.state.provider() : null;
		PilotHistory.Replay replay = PilotHistory.replay(all, holder, this.holdCutoff, this.holdLimit);

		for (Tracked before : enterprise.milestones) {
			Verdict after = replay.verdictOn(before.milestone);
			if (!sameDecision(before.verdict, after)) {
				before.verdict = after;
				before.decisionVersion++;
				if (!before.newInBatch) {
					this.updated.putIfAbsent(MilestoneKey.of(before.milestone), before);
				}
				this.events.add(new Decision(before.milestone, after, before.decisionVersion, trace));
			}
		}
		Verdict verdict = Verdict.APPLIED;
		if (arrival.isPresent()) {
			Milestone milestone = arrival.get();
			verdict = replay.verdictOn(milestone);
			Tracked tracked = new Tracked(asStored(milestone), verdict, 1, true);
			enterprise.milestones.add(tracked);
			this.inserted.add(tracked);
			this.events.add(new Decision(milestone, verdict, 1, trace));
		}
		Optional<PilotState> state = replay.state();
		if (!Objects.equals(state.orElse(null), enterprise.state)) {
			if (state.isEmpty()) {
				throw new IllegalStateException("a replay took " + id + " out of the pilot");
			}
			enterprise.version++;
			this.events.add(new Change(id, enterprise.state, state.get(), enterprise.version, arrival, trace));
			enterprise.state = asStored(state.get());
			this.saved.add(id);
		}
		// an expired hold takes no part in later decisions: the table is read without
		// them
		enterprise.milestones.removeIf((each) -> each.verdict.isExpiredHold());
		return verdict;
	}

	private Enterprise enterprise(Uscc id) {
		Enterprise enterprise = this.enterprises.get(id);
		if (enterprise == null) {
			throw new IllegalStateException("the pilot of " + id + " was not locked for the batch");
		}
		return enterprise;
	}

	private static boolean sameDecision(Verdict before, Verdict after) {
		return before.status() == after.status() && before.reason() == after.reason()
				&& before.waitingFor() == after.waitingFor();
	}

	/**
	 * The instant as a {@code timestamptz} keeps it: PostgreSQL rounds to the nearest
	 * microsecond, half up. The lifecycle writes the rounded value itself, so what it
	 * keeps in memory and what it stores are the same.
	 */
	static Instant asStored(Instant instant) {
		int nanos = instant.getNano();
		int rounded = (nanos + 500) / 1000 * 1000;
		return (rounded == nanos) ? instant : instant.plusNanos(rounded - nanos);
	}

	static Milestone asStored(Milestone milestone) {
		Instant time = asStored(milestone.time());
		return time.equals(milestone.time()) ? milestone : new Milestone(milestone.id(), milestone.source(),
				milestone.type(), milestone.subject(), time, milestone.data());
	}

	static PilotState asStored(PilotState state) {
		Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
		state.reachedAt().forEach((stage, at) -> reachedAt.put(stage, asStored(at)));
		return new PilotState(state.stage(), reachedAt, state.district(), state.industry(), state.provider());
	}

	/**
	 * What a batch decided, for the tables and the outbox.
	 *
	 * @param inserted the milestones received, with their verdict at the batch's end
	 * @param updated milestones stored before whose verdict changed, as they end
	 * @param saved the pilots that changed, as they end
	 * @param events the decisions and stage changes to publish, in the order they were
	 * decided
	 */
	record Effects(List<PilotStore.StoredMilestone> inserted, List<PilotStore.StoredMilestone> updated,
			List<PilotStore.SavedPilot> saved, List<Event> events) {

	}

	/** Something to publish: a {@link Decision} or a {@link Change}. */
	sealed interface Event permits Decision, Change {

		/** The {@code traceparent} of the milestone whose step caused it, or null. */
		String trace();

	}

	/**
	 * A verdict on a milestone: its first one or a change of it.
	 *
	 * @param milestone the milestone
	 * @param verdict the verdict
	 * @param decisionVersion 1 for the first verdict, one more for each change
	 * @param trace see {@link Event#trace()}
	 */
	record Decision(Milestone milestone, Verdict verdict, long decisionVersion, String trace) implements Event {

	}

	/**
	 * A change of an enterprise's pilot.
	 *
	 * @param enterprise the enterprise
	 * @param before the pilot before, {@code null} if nothing was applied
	 * @param after the pilot after
	 * @param version the enterprise's version after the change
	 * @param cause the milestone that arrived, empty when the hold expiry decided again
	 * @param trace see {@link Event#trace()}
	 */
	record Change(Uscc enterprise, PilotState before, PilotState after, long version, Optional<Milestone> cause,
			String trace) implements Event {

	}

	/** A milestone's source and id: what makes it the same milestone. */
	record MilestoneKey(String source, String id) {

		static MilestoneKey of(Milestone milestone) {
			return new MilestoneKey(milestone.source(), milestone.id());
		}

	}

	/** An enterprise's pilot and milestones as the steps so far left them. */
	private static final class Enterprise {

		private PilotState state;

		private long version;

		private final List<Tracked> milestones = new ArrayList<>();

		Enterprise(PilotStore.StoredPilot stored) {
			this.state = stored.state();
			this.version = stored.version();
		}

	}

	/** A milestone that takes part in decisions, with its verdict so far. */
	private static final class Tracked {

		private final Milestone milestone;

		private Verdict verdict;

		private long decisionVersion;

		// such a milestone is inserted with its last verdict, not updated
		private final boolean newInBatch;

		Tracked(Milestone milestone, Verdict verdict, long decisionVersion, boolean newInBatch) {
			this.milestone = milestone;
			this.verdict = verdict;
			this.decisionVersion = decisionVersion;
			this.newInBatch = newInBatch;
		}

		PilotStore.StoredMilestone stored() {
			return new PilotStore.StoredMilestone(this.milestone, this.verdict, this.decisionVersion);
		}

	}

}

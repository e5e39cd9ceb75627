package com.pilottracker.lifecycle.deciding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.programme.Verdict;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deciding a batch at once decides each milestone as deciding the milestones one at a
 * time does: the same outcomes, the same events for each enterprise in the same order
 * (with the same versions, dates and traces), and the same tables at the end. Holds and
 * lapses fall due on the log clock, at the same instants however the log is cut into
 * batches.
 */
class BatchDeciderTests {

	static final Instant START = Instant.parse("2025-07-18T00:00:00Z");

	static final Programmes CATALOG = Programmes.shipped();

	@Property(tries = 300)
	void decidesABatchAsItsMilestonesOneAtATime(@ForAll @IntRange(min = 1, max = 6) int enterprises,
			@ForAll long seed) {
		Random random = new Random(seed);
		List<Arrival> arrivals = arrivals(enterprises, random);

		Tables oneAtATime = new Tables();
		for (int i = 0; i < arrivals.size(); i++) {
			oneAtATime.decide(arrivals.subList(i, i + 1));
		}
		Tables inBatches = new Tables();
		for (int from = 0; from < arrivals.size();) {
			int to = Math.min(arrivals.size(), from + 1 + random.nextInt(12));
			inBatches.decide(arrivals.subList(from, to));
			from = to;
		}

		assertThat(inBatches.outcomes).isEqualTo(oneAtATime.outcomes);
		assertThat(byEnterprise(inBatches.events)).isEqualTo(byEnterprise(oneAtATime.events));
		assertThat(inBatches.milestones).isEqualTo(oneAtATime.milestones);
		assertThat(inBatches.states).isEqualTo(oneAtATime.states);
		assertThat(inBatches.clocks).isEqualTo(oneAtATime.clocks);
		assertConsecutiveVersions(inBatches.events);
	}

	@Test
	void releasesAHeldMilestoneOfTheSameBatchWithTheTraceAndTimeOfTheMilestoneThatReleasedIt() {
		Uscc enterprise = enterprise(1);
		Milestone contracted = new Milestone("c", "/providers/provider", PilotMilestones.CONTRACTED, enterprise,
				START.minus(Duration.ofDays(1)), START, new MilestoneData(null, null, "provider", null));
		Milestone solicited = new Milestone("s", "/programme-office", PilotMilestones.SOLICITED, enterprise,
				START.minus(Duration.ofDays(2)), START.plusSeconds(5),
				new MilestoneData("district", "industry", null, null));
		Tables tables = new Tables();

		tables.decide(List.of(new Arrival(contracted, 0, "00-a-1-01"), new Arrival(solicited, 0, "00-b-2-01"),
				new Arrival(contracted, 0, "00-c-3-01")));

		assertThat(tables.outcomes).containsExactly("held", "applied", "duplicate");
		assertThat(tables.events).hasSize(4);
		BatchDecider.Decision released = (BatchDecider.Decision) tables.events.get(1);
		assertThat(released.milestone().id()).isEqualTo("c");
		assertThat(released.verdict()).isEqualTo(Verdict.APPLIED);
		assertThat(released.decisionVersion()).isEqualTo(2);
		assertThat(released.trace()).isEqualTo("00-b-2-01");
		assertThat(released.decidedAt()).isEqualTo(solicited.acceptedAt());
		BatchDecider.Change change = (BatchDecider.Change) tables.events.get(3);
		assertThat(change.version()).isEqualTo(1);
		assertThat(change.after().stage()).isEqualTo(PilotStages.CONTRACTED);
		assertThat(change.trace()).isEqualTo("00-b-2-01");
		assertThat(change.recordedAt()).isEqualTo(solicited.acceptedAt());
		// the milestone is inserted once, with its last verdict
		assertThat(tables.milestones.get(new BatchDecider.MilestoneKey("/providers/provider", "c")).decisionVersion())
			.isEqualTo(2);
	}

	@Test
	void expiresAHoldAtItsDeadlineOnceItsPartitionsLogPassesIt() {
		Milestone held = new Milestone("p", "/programme-office", PilotMilestones.PRE_ACCEPTANCE, enterprise(1), START,
				START, MilestoneData.none());
		Tables tables = new Tables();
		tables.decide(List.of(new Arrival(held, 0, null)));
		Instant deadline = START.plus(Duration.ofDays(30));

		tables.decide(List.of(new Arrival(solicitation(enterprise(2), deadline), 0, null),
				new Arrival(solicitation(enterprise(3), deadline.plusSeconds(1)), 1, null)));
		assertThat(tables.verdict(held)).isInstanceOf(Verdict.Held.class);
		tables.decide(List.of(new Arrival(solicitation(enterprise(4), deadline.plusMillis(1)), 0, null)));

		BatchDecider.Decision expiry = tables.events.stream()
			.filter((event) -> event instanceof BatchDecider.Decision decision && decision.decisionVersion() == 2)
			.map(BatchDecider.Decision.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(expiry.milestone().id()).isEqualTo("p");
		assertThat(expiry.verdict()).isInstanceOfSatisfying(Verdict.Rejected.class,
				(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.PREDECESSOR_MISSING));
		assertThat(expiry.decidedAt()).isEqualTo(deadline);
		assertThat(tables.states.get(new Key("pilot", enterprise(1))).due()).isNull();
	}

	@Test
	void takesALapseAtItsInstantAsAChangeOfItsOwnBeforeTheEnterprisesNextMilestone() {
		Uscc enterprise = enterprise(1);
		Instant recognised = Instant.parse("2021-03-01T00:00:00Z");
		Instant lapse = Instant.parse("2024-03-01T00:00:00Z");
		Milestone innovative = gradient("i", "gradient.innovative", enterprise, recognised, recognised);
		Milestone lateReview = gradient("r", "gradient.re-reviewed", enterprise, lapse.plusSeconds(3600),
				lapse.plus(Duration.ofDays(10)));
		Tables tables = new Tables();

		tables.decide(List.of(new Arrival(innovative, 2, "00-i-1-01")));
		tables.decide(List.of(new Arrival(lateReview, 2, "00-r-2-01")));

		List<BatchDecider.Change> changes = tables.events.stream()
			.filter(BatchDecider.Change.class::isInstance)
			.map(BatchDecider.Change.class::cast)
			.toList();
		assertThat(changes).hasSize(2);
		BatchDecider.Change lapsed = changes.get(1);
		assertThat(lapsed.after().stage()).isEqualTo(Programmes.gradient().stage("LAPSED").orElseThrow());
		assertThat(lapsed.cause()).isEmpty();
		assertThat(lapsed.occurredAt()).isEqualTo(lapse);
		assertThat(lapsed.recordedAt()).isEqualTo(lapse);
		assertThat(lapsed.trace()).isNull();
		assertThat(lapsed.version()).isEqualTo(2);
		// decided after the lapse, the re-review waits for a re-entry
		assertThat(tables.verdict(lateReview)).isInstanceOf(Verdict.Held.class);
	}

	@Test
	void keepsTimesAsPostgresqlStoresThem() {
		Instant time = Instant.parse("2025-07-01T00:00:00.123456500Z");
		assertThat(BatchDecider.asStored(time)).isEqualTo(Instant.parse("2025-07-01T00:00:00.123457Z"));
		assertThat(BatchDecider.asStored(time.minusNanos(1))).isEqualTo(Instant.parse("2025-07-01T00:00:00.123456Z"));
		assertThat(BatchDecider.asStored(Instant.parse("2025-07-01T00:00:00.999999500Z")))
			.isEqualTo(Instant.parse("2025-07-01T00:00:01Z"));
	}

	static Map<Key, List<BatchDecider.Event>> byEnterprise(List<BatchDecider.Event> events) {
		Map<Key, List<BatchDecider.Event>> grouped = new HashMap<>();
		for (BatchDecider.Event event : events) {
			Key key = (event instanceof BatchDecider.Change change) ? change.key()
					: Key.of(((BatchDecider.Decision) event).milestone());
			grouped.computeIfAbsent(key, (any) -> new ArrayList<>()).add(event);
		}
		return grouped;
	}

	static void assertConsecutiveVersions(List<BatchDecider.Event> events) {
		Map<Key, Long> versions = new HashMap<>();
		Map<BatchDecider.MilestoneKey, Long> decisions = new HashMap<>();
		for (BatchDecider.Event event : events) {
			if (event instanceof BatchDecider.Change change) {
				long before = versions.getOrDefault(change.key(), 0L);
				assertThat(change.version()).isEqualTo(before + 1);
				versions.put(change.key(), change.version());
			}
			else if (event instanceof BatchDecider.Decision decision) {
				BatchDecider.MilestoneKey key = BatchDecider.MilestoneKey.of(decision.milestone());
				long before = decisions.getOrDefault(key, 0L);
				assertThat(decision.decisionVersion()).isEqualTo(before + 1);
				decisions.put(key, decision.decisionVersion());
			}
		}
	}

	/**
	 * Each enterprise's steps in both programmes, some of them repeated (under another
	 * id) or late, some accepted long after the step (a back-fill), some with times finer
	 * than a microsecond, some from a provider that may not report them; in random order,
	 * some arriving more than once, accepted over months (so holds expire and
	 * recognitions lapse) with timestamps not always increasing, on three partitions by
	 * enterprise.
	 */
	static List<Arrival> arrivals(int enterprises, Random random) {
		List<Milestone> milestones = new ArrayList<>();
		for (int e = 0; e < enterprises; e++) {
			Uscc enterprise = enterprise(e);
			Instant start = START.minus(Duration.ofDays(random.nextBoolean() ? 10 : 1200));
			int steps = 1 + random.nextInt(7);
			for (int s = 0; s < steps; s++) {
				Programme programme = random.nextBoolean() ? Programmes.pilot() : Programmes.gradient();
				List<MilestoneType> types = programme.milestoneTypes();
				MilestoneType type = types.get(random.nextInt(types.size()));
				Instant time = start.plus(Duration.ofHours(random.nextInt(24 * 20)))
					.plus(Duration.ofDays(random.nextInt(3) * 400L))
					.plusNanos(random.nextBoolean() ? random.nextInt(1_000_000) : 0);
				MilestoneData data = new MilestoneData("district-" + random.nextInt(3), "industry",
						"provider-" + random.nextInt(3), null, Map.of("highTech", "true"));
				// the office, the contracted provider or a rival: authorised and refused
				// steps alike
				String source = (random.nextInt(3) == 0) ? "/programme-office"
						: "/providers/provider-" + random.nextInt(3);
				milestones
					.add(new Milestone(type.value() + "-" + e + "-" + s, source, type, enterprise, time, null, data));
			}
		}
		List<Milestone> posted = new ArrayList<>();
		for (Milestone milestone : milestones) {
			for (int copies = 1 + random.nextInt(2); copies > 0; copies--) {
				posted.add(milestone);
			}
		}
		Collections.shuffle(posted, random);
		List<Arrival> arrivals = new ArrayList<>();
		Instant accepted = START;
		for (Milestone milestone : posted) {
			accepted = accepted.plus(Duration.ofHours(random.nextInt(24 * 12)));
			// a producer's timestamp may lag the one before it
			Instant timestamp = accepted.minus(Duration.ofHours(random.nextInt(4) == 0 ? random.nextInt(48) : 0));
			arrivals.add(new Arrival(milestone.acceptedAt(Instant.ofEpochMilli(timestamp.toEpochMilli())),
					partition(milestone.subject()), (random.nextInt(5) == 0) ? null : trace(random)));
		}
		return arrivals;
	}

	static int partition(Uscc enterprise) {
		return Math.floorMod(enterprise.value().hashCode(), 3);
	}

	static Milestone solicitation(Uscc enterprise, Instant accepted) {
		return new Milestone("s-" + enterprise.value(), "/programme-office", PilotMilestones.SOLICITED, enterprise,
				accepted, accepted, new MilestoneData("district", "industry", null, null));
	}

	static Milestone gradient(String id, String type, Uscc enterprise, Instant time, Instant accepted) {
		return new Milestone(id, "/programme-office", new MilestoneType(type), enterprise, time, accepted,
				new MilestoneData("district", "industry", null, null, Map.of("highTech", "true")));
	}

	private static String trace(Random random) {
		return String.format("00-%032x-%016x-01", random.nextLong() & Long.MAX_VALUE, random.nextInt() & 0xffff);
	}

	static Uscc enterprise(int index) {
		String first17 = "913502" + String.format("%011d", index);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

	/**
	 * The lifecycle's tables as the processor reads and writes them, in memory: a batch's
	 * milestones received before are found by source and id, the others' enterprises and
	 * those with a hold or lapse due on the batch's partitions' clocks are locked
	 * (created empty where need be) and read without their expired holds; times are kept
	 * to the microsecond, as PostgreSQL keeps them.
	 */
	static final class Tables {

		final Map<Key, StoredState> states = new HashMap<>();

		final Map<BatchDecider.MilestoneKey, StoredMilestone> milestones = new LinkedHashMap<>();

		final Map<Integer, Instant> clocks = new TreeMap<>();

		final List<String> outcomes = new ArrayList<>();

		final List<BatchDecider.Event> events = new ArrayList<>();

		void decide(List<Arrival> batch) {
			Set<BatchDecider.MilestoneKey> received = new LinkedHashSet<>();
			Set<Key> keys = new LinkedHashSet<>();
			Map<Integer, Instant> stored = new TreeMap<>();
			Map<Integer, Instant> after = new TreeMap<>();
			for (Arrival arrival : batch) {
				BatchDecider.MilestoneKey key = BatchDecider.MilestoneKey.of(arrival.milestone());
				if (this.milestones.containsKey(key)) {
					received.add(key);
				}
				else {
					keys.add(Key.of(arrival.milestone()));
				}
				if (this.clocks.containsKey(arrival.partition())) {
					stored.put(arrival.partition(), this.clocks.get(arrival.partition()));
				}
				after.merge(arrival.partition(), BatchDecider.asStored(arrival.milestone().acceptedAt()),
						(one, other) -> one.isAfter(other) ? one : other);
			}
			stored.forEach((partition, time) -> after.merge(partition, time,
					(one, other) -> one.isAfter(other) ? one : other));
			this.states.forEach((key, state) -> {
				Instant clock = (state.partition() != null) ? after.get(state.partition()) : null;
				if (state.due() != null && clock != null && state.due().isBefore(clock)) {
					keys.add(key);
				}
			});
			Map<Key, StoredState> locked = new HashMap<>();
			for (Key key : keys) {
				locked.put(key, this.states.computeIfAbsent(key, (any) -> StoredState.empty()));
			}
			List<StoredMilestone> taking = this.milestones.values()
				.stream()
				.filter((each) -> keys.contains(Key.of(each.milestone())))
				.filter((each) -> !(each.verdict() instanceof Verdict.Rejected rejected && rejected.isExpiredHold()))
				.toList();
			BatchDecider decider = new BatchDecider(CATALOG, locked, taking, received, stored);
			for (Arrival arrival : batch) {
				this.outcomes.add(decider.arrive(arrival));
			}
			decider.finish();
			BatchDecider.Effects effects = decider.effects();
			for (StoredMilestone inserted : effects.inserted()) {
				assertThat(this.milestones.put(BatchDecider.MilestoneKey.of(inserted.milestone()), inserted)).isNull();
			}
			for (StoredMilestone updated : effects.updated()) {
				assertThat(this.milestones.put(BatchDecider.MilestoneKey.of(updated.milestone()), updated)).isNotNull();
			}
			effects.saved()
				.forEach((key, state) -> this.states.put(key,
						new StoredState((state.state() != null) ? BatchDecider.asStored(state.state()) : null,
								state.version(), state.due(), state.partition())));
			this.clocks.putAll(effects.logTimes());
			this.events.addAll(effects.events());
		}

		Verdict verdict(Milestone milestone) {
			return this.milestones.get(BatchDecider.MilestoneKey.of(milestone)).verdict();
		}

	}

	static Stage stage(String name) {
		return Programmes.gradient().stage(name).orElseThrow();
	}

}

package com.pilottracker.lifecycle.pilot.processing;

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

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.pilot.Verdict;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deciding a batch at once decides each milestone as deciding the milestones one at a
 * time does: the same outcomes, the same events in the same order (with the same versions
 * and traces), and the same tables at the end.
 */
class BatchDeciderTests {

	static final Instant NOW = Instant.parse("2025-07-18T00:00:00Z");

	static final Duration LIMIT = Duration.ofDays(30);

	@Property(tries = 300)
	void decidesABatchAsItsMilestonesOneAtATime(@ForAll @IntRange(min = 1, max = 6) int enterprises,
			@ForAll long seed) {
		Random random = new Random(seed);
		List<Milestone> arrivals = arrivals(enterprises, random);
		List<String> traces = arrivals.stream().map((milestone) -> trace(random)).toList();

		Tables oneAtATime = new Tables();
		for (int i = 0; i < arrivals.size(); i++) {
			oneAtATime.decide(arrivals.subList(i, i + 1), traces.subList(i, i + 1));
		}
		Tables inBatches = new Tables();
		for (int from = 0; from < arrivals.size();) {
			int to = Math.min(arrivals.size(), from + 1 + random.nextInt(12));
			inBatches.decide(arrivals.subList(from, to), traces.subList(from, to));
			from = to;
		}

		assertThat(inBatches.outcomes).isEqualTo(oneAtATime.outcomes);
		assertThat(inBatches.events).isEqualTo(oneAtATime.events);
		assertThat(inBatches.milestones).isEqualTo(oneAtATime.milestones);
		assertThat(inBatches.pilots).isEqualTo(oneAtATime.pilots);
		assertConsecutiveVersions(inBatches.events);
	}

	@Test
	void releasesAHeldMilestoneOfTheSameBatchWithTheTraceOfTheMilestoneThatReleasedIt() {
		Uscc enterprise = enterprise(1);
		Milestone contracted = new Milestone("c", "/providers/provider", PilotMilestones.CONTRACTED, enterprise,
				NOW.minus(Duration.ofDays(1)), new MilestoneData(null, null, "provider", null));
		Milestone solicited = new Milestone("s", "/programme-office", PilotMilestones.SOLICITED, enterprise,
				NOW.minus(Duration.ofDays(2)), new MilestoneData("district", "industry", null, null));
		Tables tables = new Tables();

		tables.decide(List.of(contracted, solicited, contracted), List.of("00-a-1-01", "00-b-2-01", "00-c-3-01"));

		assertThat(tables.outcomes).containsExactly("held", "applied", "duplicate");
		assertThat(tables.events).hasSize(4);
		BatchDecider.Decision released = (BatchDecider.Decision) tables.events.get(1);
		assertThat(released.milestone().id()).isEqualTo("c");
		assertThat(released.verdict()).isEqualTo(Verdict.APPLIED);
		assertThat(released.decisionVersion()).isEqualTo(2);
		assertThat(released.trace()).isEqualTo("00-b-2-01");
		BatchDecider.Change change = (BatchDecider.Change) tables.events.get(3);
		assertThat(change.version()).isEqualTo(1);
		assertThat(change.after().stage()).isEqualTo(PilotStages.CONTRACTED);
		assertThat(change.trace()).isEqualTo("00-b-2-01");
		// the milestone is inserted once, with its last verdict
		assertThat(tables.milestones.get(new BatchDecider.MilestoneKey("/providers/provider", "c")).decisionVersion())
			.isEqualTo(2);
	}

	@Test
	void keepsTimesAsPostgresqlStoresThem() {
		Instant time = Instant.parse("2025-07-01T00:00:00.123456500Z");
		assertThat(BatchDecider.asStored(time)).isEqualTo(Instant.parse("2025-07-01T00:00:00.123457Z"));
		assertThat(BatchDecider.asStored(time.minusNanos(1))).isEqualTo(Instant.parse("2025-07-01T00:00:00.123456Z"));
		assertThat(BatchDecider.asStored(Instant.parse("2025-07-01T00:00:00.999999500Z")))
			.isEqualTo(Instant.parse("2025-07-01T00:00:01Z"));
	}

	private static void assertConsecutiveVersions(List<BatchDecider.Event> events) {
		Map<Uscc, Long> versions = new HashMap<>();
		Map<BatchDecider.MilestoneKey, Long> decisions = new HashMap<>();
		for (BatchDecider.Event event : events) {
			if (event instanceof BatchDecider.Change change) {
				long before = versions.getOrDefault(change.enterprise(), 0L);
				assertThat(change.version()).isEqualTo(before + 1);
				versions.put(change.enterprise(), change.version());
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
	 * Each enterprise's steps, some of them repeated (under another id) or late, some
	 * older than the hold limit, some with times finer than a microsecond, some from a
	 * provider that may not report them; in random order, some arriving more than once.
	 */
	private static List<Milestone> arrivals(int enterprises, Random random) {
		List<Milestone> milestones = new ArrayList<>();
		for (int e = 0; e < enterprises; e++) {
			Uscc enterprise = enterprise(e);
			Instant start = NOW.minus(Duration.ofDays(random.nextBoolean() ? 10 : 45));
			int steps = 1 + random.nextInt(6);
			for (int s = 0; s < steps; s++) {
				MilestoneType type = MilestoneType.values()[random.nextInt(MilestoneType.values().length)];
				Instant time = start.plus(Duration.ofHours(random.nextInt(24 * 20)))
					.plusNanos(random.nextBoolean() ? random.nextInt(1_000_000) : 0);
				MilestoneData data = switch (type) {
					case SOLICITED -> new MilestoneData("district-" + random.nextInt(3), "industry", null, null);
					case CONTRACTED -> new MilestoneData(null, null, "provider-" + random.nextInt(3), null);
					default -> MilestoneData.none();
				};
				// the office, the contracted provider or a rival: authorised and refused
				// steps alike
				String source = (random.nextInt(3) == 0) ? "/programme-office"
						: "/providers/provider-" + random.nextInt(3);
				milestones.add(new Milestone(type.name() + "-" + e + "-" + s, source, type, enterprise, time, data));
			}
		}
		List<Milestone> arrivals = new ArrayList<>();
		for (Milestone milestone : milestones) {
			for (int copies = 1 + random.nextInt(2); copies > 0; copies--) {
				arrivals.add(milestone);
			}
		}
		Collections.shuffle(arrivals, random);
		return arrivals;
	}

	private static String trace(Random random) {
		return (random.nextInt(5) == 0) ? null
				: String.format("00-%032x-%016x-01", random.nextLong() & Long.MAX_VALUE, random.nextInt() & 0xffff);
	}

	private static Uscc enterprise(int index) {
		String first17 = "913502" + String.format("%011d", index);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

	/**
	 * The lifecycle's tables as the processor reads and writes them, in memory: a batch's
	 * milestones received before are found by source and id, the others' enterprises are
	 * locked (created empty where need be) and read without their expired holds; times
	 * are kept to the microsecond, as PostgreSQL keeps them.
	 */
	static final class Tables {

		final Map<Uscc, PilotStore.StoredPilot> pilots = new HashMap<>();

		final Map<BatchDecider.MilestoneKey, PilotStore.StoredMilestone> milestones = new LinkedHashMap<>();

		final List<String> outcomes = new ArrayList<>();

		final List<BatchDecider.Event> events = new ArrayList<>();

		void decide(List<Milestone> batch, List<String> traces) {
			Set<BatchDecider.MilestoneKey> received = new LinkedHashSet<>();
			Set<Uscc> enterprises = new LinkedHashSet<>();
			for (Milestone milestone : batch) {
				BatchDecider.MilestoneKey key = BatchDecider.MilestoneKey.of(milestone);
				if (this.milestones.containsKey(key)) {
					received.add(key);
				}
				else {
					enterprises.add(milestone.subject());
				}
			}
			Map<Uscc, PilotStore.StoredPilot> locked = new HashMap<>();
			for (Uscc enterprise : enterprises) {
				locked.put(enterprise,
						this.pilots.computeIfAbsent(enterprise, (key) -> new PilotStore.StoredPilot(null, 0)));
			}
			List<PilotStore.StoredMilestone> stored = this.milestones.values()
				.stream()
				.filter((each) -> enterprises.contains(each.milestone().subject()))
				.filter((each) -> !each.verdict().isExpiredHold())
				.toList();
			BatchDecider decider = new BatchDecider(locked, stored, received, NOW, LIMIT);
			for (int i = 0; i < batch.size(); i++) {
				this.outcomes.add(decider.arrive(batch.get(i), traces.get(i)));
			}
			BatchDecider.Effects effects = decider.effects();
			for (PilotStore.StoredMilestone inserted : effects.inserted()) {
				assertThat(this.milestones.put(BatchDecider.MilestoneKey.of(inserted.milestone()), stored(inserted)))
					.isNull();
			}
			for (PilotStore.StoredMilestone updated : effects.updated()) {
				assertThat(this.milestones.put(BatchDecider.MilestoneKey.of(updated.milestone()), stored(updated)))
					.isNotNull();
			}
			for (PilotStore.SavedPilot saved : effects.saved()) {
				this.pilots.put(saved.enterprise(),
						new PilotStore.StoredPilot(BatchDecider.asStored(saved.state()), saved.version()));
			}
			this.events.addAll(effects.events());
		}

		/** The milestone as a {@code timestamptz} keeps its time. */
		private static PilotStore.StoredMilestone stored(PilotStore.StoredMilestone milestone) {
			return new PilotStore.StoredMilestone(BatchDecider.asStored(milestone.milestone()), milestone.verdict(),
					milestone.decisionVersion());
		}

	}

}

package com.pilottracker.lifecycle.deciding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.programme.ProgrammeState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two years of history for a few hundred enterprises in both programmes, back-filled in
 * one afternoon: posted in random order, every milestone whose predecessor is not in yet
 * is held (its hold counts from its acceptance, not from its time two years back), and
 * the funnel folded from the stage changes ends as posting in the natural order gives.
 */
class BackfillTests {

	static final Instant AFTERNOON = Instant.parse("2026-03-02T06:00:00Z");

	@Test
	void endsWithTheFunnelOfTheNaturalOrderWhenTwoYearsArePostedInRandomOrder() {
		Random random = new Random(20260302);
		List<Milestone> natural = history(300, random);
		List<Milestone> shuffled = new ArrayList<>(natural);
		Collections.shuffle(shuffled, random);

		BatchDeciderTests.Tables inOrder = post(natural, random);
		BatchDeciderTests.Tables atRandom = post(shuffled, random);

		assertThat(atRandom.outcomes).contains("held");
		assertThat(funnel(atRandom)).isEqualTo(funnel(inOrder));
		assertThat(funnel(atRandom).get("pilot").get("SOLICITED").get(0)).isEqualTo(150);
		assertThat(atRandom.milestones.values())
			.allSatisfy((stored) -> assertThat(stored.verdict().status().name()).isEqualTo("APPLIED"));
		BatchDeciderTests.assertConsecutiveVersions(atRandom.events);
	}

	/** Posts the milestones in batches of up to 500, accepted a few seconds apart. */
	static BatchDeciderTests.Tables post(List<Milestone> milestones, Random random) {
		BatchDeciderTests.Tables tables = new BatchDeciderTests.Tables();
		Instant accepted = AFTERNOON;
		List<Arrival> batch = new ArrayList<>();
		for (Milestone milestone : milestones) {
			accepted = accepted.plusMillis(1 + random.nextInt(5000));
			batch.add(new Arrival(milestone.acceptedAt(accepted), BatchDeciderTests.partition(milestone.subject()),
					null));
			if (batch.size() == 500) {
				tables.decide(batch);
				batch = new ArrayList<>();
			}
		}
		tables.decide(batch);
		return tables;
	}

	/**
	 * Per programme, per stage: how many enterprises reached it and how many are in it,
	 * from the last stage change of each enterprise.
	 */
	static Map<String, Map<String, List<Long>>> funnel(BatchDeciderTests.Tables tables) {
		Map<Key, ProgrammeState> latest = new HashMap<>();
		for (BatchDecider.Event event : tables.events) {
			if (event instanceof BatchDecider.Change change) {
				latest.put(change.key(), change.after());
			}
		}
		Map<String, Map<String, List<Long>>> funnel = new TreeMap<>();
		for (Programme programme : Programmes.shipped().all()) {
			Map<String, List<Long>> stages = new TreeMap<>();
			for (Stage stage : programme.allStages()) {
				long reached = latest.entrySet()
					.stream()
					.filter((e) -> e.getKey().programme().equals(programme.id()))
					.filter((e) -> e.getValue().reachedAt().containsKey(stage))
					.count();
				long current = latest.entrySet()
					.stream()
					.filter((e) -> e.getKey().programme().equals(programme.id()))
					.filter((e) -> e.getValue().stage().equals(stage))
					.count();
				stages.put(stage.name(), List.of(reached, current));
			}
			funnel.put(programme.id(), stages);
		}
		return funnel;
	}

	/**
	 * Half the enterprises in the pilot, half in the gradient, over 2024 and 2025, each
	 * history legal in the order it happened.
	 */
	static List<Milestone> history(int enterprises, Random random) {
		List<Milestone> milestones = new ArrayList<>();
		for (int e = 0; e < enterprises; e++) {
			Uscc uscc = BatchDeciderTests.enterprise(1000 + e);
			Instant time = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(random.nextInt(24 * 200)));
			List<String> path = new ArrayList<>();
			boolean pilot = e % 2 == 0;
			if (pilot) {
				path.add("pilot.solicited");
				if (random.nextInt(10) < 6) {
					path.add("pilot.contracted");
					if (random.nextInt(10) < 5) {
						path.add("pilot.pre-acceptance");
					}
				}
				if (random.nextInt(10) < 2) {
					path.add("pilot.withdrawn");
				}
			}
			else {
				path.add("gradient.innovative");
				if (random.nextInt(10) < 6) {
					path.add("gradient.specialised");
					if (random.nextInt(10) < 4) {
						path.add("gradient.little-giant");
					}
				}
				if (random.nextInt(10) < 3) {
					path.add("gradient.re-reviewed");
				}
				if (random.nextInt(10) < 2) {
					path.add("gradient.revoked");
					if (random.nextBoolean()) {
						path.add("gradient.innovative");
					}
				}
			}
			String provider = "provider-" + random.nextInt(5);
			for (int step = 0; step < path.size(); step++) {
				String type = path.get(step);
				time = time.plus(Duration.ofHours(1 + random.nextInt(24 * 60)));
				MilestoneData data = MilestoneData.none();
				if (step == 0 || type.equals("gradient.innovative")) {
					data = new MilestoneData("district-" + random.nextInt(6), "industry-" + random.nextInt(4), null,
							null, pilot ? Map.of() : Map.of("highTech", String.valueOf(random.nextBoolean())));
				}
				else if (type.equals("pilot.contracted")) {
					data = new MilestoneData(null, null, provider, null);
				}
				milestones.add(new Milestone(type + "-" + e + "-" + step, "/programme-office", new MilestoneType(type),
						uscc, time, null, data));
			}
		}
		return milestones;
	}

}

package com.pilottracker.lifecycle.programme;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotMilestones;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel does not depend on the order milestones arrive in, nor on how often each
 * arrives: for random permutations and duplications of each enterprise's milestones
 * (every predecessor eventually arriving), the lifecycle ends where the same milestones
 * in their natural order take it, and every milestone ends applied. Nor does it depend on
 * what other providers report about an enterprise once its contract is applied: their
 * steps, in any order and however dated, are all rejected and change nothing.
 */
class OrderIndependenceTests {

	/**
	 * The horizon of every replay: no pilot hold expires before it (the milestones are
	 * accepted from 2024 on, so their deadlines lie later), every gradient lapse it
	 * decides lies before it.
	 */
	static final Instant HORIZON = Instant.parse("2024-01-01T00:00:00Z");

	static final Instant GRADIENT_HORIZON = Instant.parse("2100-01-01T00:00:00Z");

	/** Accepted so that no gradient hold expires before {@link #GRADIENT_HORIZON}. */
	static final Instant GRADIENT_ACCEPTED = Instant.parse("2099-12-15T00:00:00Z");

	@Property(tries = 300)
	void endsWithTheFunnelOfTheNaturalOrder(@ForAll @IntRange(min = 1, max = 25) int enterprises, @ForAll long seed) {
		Random random = new Random(seed);
		List<Milestone> natural = programme(enterprises, random);
		List<Milestone> arrivals = new ArrayList<>();
		for (Milestone milestone : natural) {
			for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
				arrivals.add(milestone);
			}
		}
		Collections.shuffle(arrivals, random);

		Lifecycle inNaturalOrder = new Lifecycle(Programmes.pilot(), HORIZON);
		natural.forEach(inNaturalOrder::receive);
		Lifecycle asArrived = new Lifecycle(Programmes.pilot(), HORIZON);
		arrivals.forEach(asArrived::receive);

		assertThat(asArrived.funnel()).isEqualTo(inNaturalOrder.funnel());
		assertThat(asArrived.states).isEqualTo(inNaturalOrder.states);
		assertThat(asArrived.statuses()).containsOnly(MilestoneStatus.APPLIED);
	}

	@Property(tries = 200)
	void anotherProviderChangesNothingOfAContractedEnterprise(@ForAll @IntRange(min = 1, max = 15) int enterprises,
			@ForAll long seed) {
		Random random = new Random(seed);
		List<Milestone> natural = programme(enterprises, random);
		Lifecycle honest = new Lifecycle(Programmes.pilot(), HORIZON);
		natural.forEach(honest::receive);
		// the honest milestones arrive shuffled; once an enterprise's solicitation and
		// contract are both in, a rival's steps for it may arrive at any point after
		List<Milestone> arrivals = new ArrayList<>(natural);
		Collections.shuffle(arrivals, random);
		List<Milestone> hostile = new ArrayList<>();
		Lifecycle attacked = new Lifecycle(Programmes.pilot(), HORIZON);
		Map<Uscc, Integer> inPlace = new HashMap<>();
		for (Milestone milestone : arrivals) {
			attacked.receive(milestone);
			if (milestone.type() == PilotMilestones.SOLICITED || milestone.type() == PilotMilestones.CONTRACTED) {
				if (inPlace.merge(milestone.subject(), 1, Integer::sum) == 2) {
					for (Milestone attack : attacks(milestone.subject(), random)) {
						hostile.add(attack);
						attacked.receive(attack);
					}
				}
			}
		}

		assertThat(attacked.states).isEqualTo(honest.states);
		assertThat(attacked.funnel()).isEqualTo(honest.funnel());
		for (Milestone attack : hostile) {
			assertThat(attacked.verdictOn(attack).status()).as(attack.toString()).isEqualTo(MilestoneStatus.REJECTED);
		}
		assertThat(natural).allSatisfy(
				(milestone) -> assertThat(attacked.verdictOn(milestone).status()).isEqualTo(MilestoneStatus.APPLIED));
	}

	@Property(tries = 300)
	void endsWithTheGradientsFunnelOfTheNaturalOrder(@ForAll @IntRange(min = 1, max = 25) int enterprises,
			@ForAll long seed) {
		Random random = new Random(seed);
		List<Milestone> natural = gradient(enterprises, random);
		List<Milestone> arrivals = new ArrayList<>();
		for (Milestone milestone : natural) {
			for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
				arrivals.add(milestone);
			}
		}
		Collections.shuffle(arrivals, random);

		Lifecycle inNaturalOrder = new Lifecycle(Programmes.gradient(), GRADIENT_HORIZON);
		natural.forEach(inNaturalOrder::receive);
		Lifecycle asArrived = new Lifecycle(Programmes.gradient(), GRADIENT_HORIZON);
		arrivals.forEach(asArrived::receive);

		assertThat(asArrived.funnel()).isEqualTo(inNaturalOrder.funnel());
		assertThat(asArrived.states).isEqualTo(inNaturalOrder.states);
		assertThat(asArrived.statuses()).containsOnly(MilestoneStatus.APPLIED);
	}

	/**
	 * The gradient's enterprises from 2020 on: each recognised, then climbing,
	 * re-reviewed within or after its validity (a recognition that lapsed first is
	 * re-entered), sometimes revoked and recognised again; every step legal in the order
	 * generated.
	 */
	static List<Milestone> gradient(int enterprises, Random random) {
		Programme gradient = Programmes.gradient();
		List<MilestoneType> climb = gradient.stages().stream().map(Programme.StageDefinition::milestone).toList();
		MilestoneType reReviewed = gradient.renewal().orElseThrow().milestone();
		MilestoneType revoked = new MilestoneType("gradient.revoked");
		List<Milestone> milestones = new ArrayList<>();
		for (int e = 0; e < enterprises; e++) {
			String first17 = "913502" + String.format("%011d", e);
			Uscc uscc = new Uscc(first17 + Uscc.checkCharacterFor(first17));
			Instant time = Instant.parse("2020-01-01T00:00:00Z").plus(Duration.ofDays(random.nextInt(400)));
			int rank = -1;
			Instant validFrom = null;
			for (int step = 0, steps = 1 + random.nextInt(6); step < steps; step++) {
				if (step > 0) {
					time = time.plus(Duration.ofDays(1 + random.nextInt(4 * 365)));
				}
				if (validFrom != null
						&& ProgrammeHistory.lapseInstant(gradient.renewal().orElseThrow(), validFrom).isBefore(time)) {
					rank = -1;
				}
				MilestoneType type;
				MilestoneData data = MilestoneData.none();
				if (rank < 0) {
					type = climb.get(0);
					data = new MilestoneData("district-" + random.nextInt(6), "industry-" + random.nextInt(4), null,
							null, Map.of("highTech", String.valueOf(random.nextBoolean())));
					rank = 0;
					validFrom = time;
				}
				else {
					int choice = random.nextInt(10);
					if (choice < 5 && rank + 1 < climb.size()) {
						rank++;
						type = climb.get(rank);
						validFrom = time;
					}
					else if (choice < 8) {
						type = reReviewed;
						validFrom = time;
					}
					else {
						type = revoked;
						rank = -1;
						validFrom = null;
					}
				}
				milestones.add(new Milestone(type.value() + "-" + e + "-" + step, "/programme-office", type, uscc, time,
						GRADIENT_ACCEPTED, data));
			}
		}
		return milestones;
	}

	/**
	 * A rival provider's contract, pre-acceptance and withdrawal for an enterprise, each
	 * dated at random across the enterprise's whole history (before its solicitation
	 * too).
	 */
	static final Instant ACCEPTED = Instant.parse("2024-06-01T00:00:00Z");

	static List<Milestone> attacks(Uscc enterprise, Random random) {
		List<Milestone> attacks = new ArrayList<>();
		for (MilestoneType type : List.of(PilotMilestones.CONTRACTED, PilotMilestones.PRE_ACCEPTANCE,
				PilotMilestones.WITHDRAWN)) {
			if (random.nextBoolean()) {
				Instant time = Instant.parse("2023-12-01T00:00:00Z").plus(Duration.ofHours(random.nextInt(24 * 500)));
				MilestoneData data = (type == PilotMilestones.CONTRACTED) ? new MilestoneData(null, null, "rival", null)
						: MilestoneData.none();
				attacks.add(new Milestone("rival-" + type + "-" + enterprise.value() + "-" + random.nextInt(),
						"/providers/rival", type, enterprise, time, ACCEPTED, data));
			}
		}
		return attacks;
	}

	/**
	 * A programme: each enterprise solicited, maybe contracted, maybe at pre-acceptance,
	 * maybe withdrawn.
	 */
	static List<Milestone> programme(int enterprises, Random random) {
		List<Milestone> milestones = new ArrayList<>();
		for (int e = 0; e < enterprises; e++) {
			String first17 = "913502" + String.format("%011d", e);
			Uscc uscc = new Uscc(first17 + Uscc.checkCharacterFor(first17));
			Instant time = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(random.nextInt(200)));
			List<MilestoneType> path = new ArrayList<>(List.of(PilotMilestones.SOLICITED));
			if (random.nextInt(10) < 6) {
				path.add(PilotMilestones.CONTRACTED);
				if (random.nextInt(10) < 5) {
					path.add(PilotMilestones.PRE_ACCEPTANCE);
				}
			}
			if (random.nextInt(10) < 2) {
				path.add(PilotMilestones.WITHDRAWN);
			}
			String provider = "provider-" + random.nextInt(5);
			for (MilestoneType type : path) {
				time = time.plus(Duration.ofHours(1 + random.nextInt(24 * 90)));
				MilestoneData data = MilestoneData.none();
				if (type == PilotMilestones.SOLICITED) {
					data = new MilestoneData("district-" + random.nextInt(6), "industry-" + random.nextInt(4), null,
							null);
				}
				else if (type == PilotMilestones.CONTRACTED) {
					data = new MilestoneData(null, null, provider, null);
				}
				// the office solicits, and withdraws an enterprise it never contracted
				// with anyone; the contracted provider reports the rest
				boolean byOffice = type == PilotMilestones.SOLICITED
						|| (type == PilotMilestones.WITHDRAWN && !path.contains(PilotMilestones.CONTRACTED));
				String source = byOffice ? "/programme-office" : "/providers/" + provider;
				milestones.add(new Milestone(type.value() + "-" + e, source, type, uscc, time, ACCEPTED, data));
			}
		}
		return milestones;
	}

	/**
	 * The lifecycle's decision rules, without the database: what the processor does per
	 * arrival.
	 */
	static final class Lifecycle {

		final Programme programme;

		final Instant horizon;

		final Map<Uscc, Set<Milestone>> received = new HashMap<>();

		final Map<Uscc, ProgrammeState> states = new HashMap<>();

		final Map<Uscc, Map<Milestone, Verdict>> verdicts = new HashMap<>();

		Lifecycle(Programme programme, Instant horizon) {
			this.programme = programme;
			this.horizon = horizon;
		}

		void receive(Milestone milestone) {
			Set<Milestone> set = this.received.computeIfAbsent(milestone.subject(), (key) -> new LinkedHashSet<>());
			if (!set.add(milestone)) {
				return;
			}
			ProgrammeState before = this.states.get(milestone.subject());
			ProgrammeHistory.Replay replay = ProgrammeHistory.replay(this.programme, set,
					(before != null) ? before.provider() : null, this.horizon);
			this.verdicts.put(milestone.subject(), replay.verdicts());
			ProgrammeState after = replay.state().orElse(null);
			if (after != null && !after.equals(before)) {
				this.states.put(milestone.subject(), after);
			}
		}

		Map<Stage, List<Long>> funnel() {
			Map<Stage, List<Long>> funnel = new LinkedHashMap<>();
			for (Stage stage : this.programme.allStages()) {
				long reached = this.states.values().stream().filter((s) -> s.reachedAt().containsKey(stage)).count();
				long current = this.states.values().stream().filter((s) -> s.stage().equals(stage)).count();
				funnel.put(stage, List.of(reached, current));
			}
			return funnel;
		}

		Verdict verdictOn(Milestone milestone) {
			return this.verdicts.get(milestone.subject()).get(milestone);
		}

		List<MilestoneStatus> statuses() {
			return this.verdicts.values().stream().flatMap((m) -> m.values().stream()).map(Verdict::status).toList();
		}

	}

}

package com.pilottracker.benchmarks.micro;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.pilottracker.benchmarks.load.Enterprises;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.lifecycle.programme.ProgrammeHistory;
import com.pilottracker.lifecycle.programme.TransitionTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The lifecycle's decision in the pilot: one step of the transition table derived from
 * its definition over every (stage, milestone) pair, and the replay of an enterprise's
 * history that the lifecycle runs for each arriving milestone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransitionTableBenchmark {

	private static final Programme PILOT = Enterprises.PILOT;

	/** Not in the programme, then each stage and exit of its definition. */
	private static final List<Optional<Stage>> FROM = from();

	private static final List<MilestoneType> TYPES = PILOT.milestoneTypes();

	private static final Instant ACCEPTED = Instant.parse("2025-09-01T00:00:00Z");

	private final List<Milestone> history = List.of(Enterprises.milestone(4711, Enterprises.PRE_ACCEPTANCE, ACCEPTED),
			Enterprises.milestone(4711, Enterprises.SOLICITED, ACCEPTED.plusSeconds(1)),
			Enterprises.milestone(4711, Enterprises.CONTRACTED, ACCEPTED.plusSeconds(2)));

	/** The log's clock: past the milestones' acceptance, within the hold limit. */
	private final Instant horizon = Instant.parse("2025-09-18T00:00:00Z");

	private int next;

	@Benchmark
	public TransitionTable.Step step() {
		int i = this.next++;
		return TransitionTable.step(PILOT, FROM.get(i % FROM.size()), TYPES.get((i / FROM.size()) % TYPES.size()));
	}

	@Benchmark
	public ProgrammeHistory.Replay replayThreeMilestonesOutOfOrder() {
		return ProgrammeHistory.replay(PILOT, this.history, null, this.horizon);
	}

	private static List<Optional<Stage>> from() {
		List<Optional<Stage>> from = new ArrayList<>();
		from.add(Optional.empty());
		PILOT.allStages().forEach((stage) -> from.add(Optional.of(stage)));
		return List.copyOf(from);
	}

}

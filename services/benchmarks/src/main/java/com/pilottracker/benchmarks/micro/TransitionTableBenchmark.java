package com.pilottracker.benchmarks.micro;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.pilottracker.benchmarks.load.Enterprises;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Stage;
import com.pilottracker.lifecycle.pilot.PilotHistory;
import com.pilottracker.lifecycle.pilot.TransitionTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The lifecycle's decision: one step of the pure transition table over every (stage,
 * milestone) pair, and the replay of an enterprise's history that the lifecycle runs for
 * each arriving milestone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransitionTableBenchmark {

	private static final List<Optional<Stage>> FROM = List.of(Optional.empty(), Optional.of(Stage.SOLICITED),
			Optional.of(Stage.CONTRACTED), Optional.of(Stage.PRE_ACCEPTANCE), Optional.of(Stage.WITHDRAWN));

	private static final MilestoneType[] TYPES = MilestoneType.values();

	private final List<Milestone> history = List.of(Enterprises.milestone(4711, MilestoneType.PRE_ACCEPTANCE),
			Enterprises.milestone(4711, MilestoneType.SOLICITED),
			Enterprises.milestone(4711, MilestoneType.CONTRACTED));

	private final Instant holdCutoff = Instant.parse("2025-06-18T00:00:00Z");

	private int next;

	@Benchmark
	public TransitionTable.Step step() {
		int i = this.next++;
		return TransitionTable.step(FROM.get(i % FROM.size()), TYPES[(i / FROM.size()) % TYPES.length]);
	}

	@Benchmark
	public PilotHistory.Replay replayThreeMilestonesOutOfOrder() {
		return PilotHistory.replay(this.history, null, this.holdCutoff, Duration.ofDays(30));
	}

}

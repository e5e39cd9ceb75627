package com.pilottracker.benchmarks.micro;

import java.util.concurrent.TimeUnit;

import com.pilottracker.benchmarks.load.Enterprises;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.WireRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A milestone as a Kafka record (CloudEvents Kafka binary mode: {@code ce_*} headers and
 * JSON data), encoded by the gateway and decoded by the lifecycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CloudEventsCodecBenchmark {

	private final Milestone milestone = Enterprises.milestone(4711, Enterprises.SOLICITED,
			java.time.Instant.parse("2025-03-03T02:00:05Z"));

	private final WireRecord record = MilestoneCodec.encode(this.milestone);

	@Benchmark
	public WireRecord encode() {
		return MilestoneCodec.encode(this.milestone);
	}

	@Benchmark
	public Milestone decode() {
		return MilestoneCodec.decode(this.record);
	}

}

package com.pilottracker.benchmarks.micro;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this module (one fork each, two warm-up and five measured
 * one-second iterations: enough to compare runs on one machine, not to publish).
 */
public final class MicroBenchmarks {

	private MicroBenchmarks() {
	}

	public static List<Score> run() {
		Options options = new OptionsBuilder().include("com\\.pilottracker\\..*Benchmark.*")
			.forks(1)
			.warmupIterations(2)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgs("-Xmx256m")
			.build();
		try {
			Collection<RunResult> results = new Runner(options).run();
			List<Score> scores = new ArrayList<>();
			for (RunResult result : results) {
				String label = result.getParams().getBenchmark();
				scores.add(new Score(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1),
						result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
						result.getPrimaryResult().getScoreUnit()));
			}
			return scores;
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH failed", ex);
		}
	}

	/**
	 * One benchmark's result.
	 *
	 * @param benchmark class and method
	 * @param score the mean
	 * @param error the 99.9% confidence half-width
	 * @param unit e.g. ops/us
	 */
	public record Score(String benchmark, double score, double error, String unit) {
	}

}

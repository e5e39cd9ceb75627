package com.pilottracker.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTests {

	@Test
	void percentilesAreNearestRank() {
		double[] millis = new double[100];
		for (int i = 0; i < 100; i++) {
			millis[i] = 100 - i;
		}
		Latencies latencies = Latencies.ofMillis(millis);

		assertThat(latencies.percentile(50)).isEqualTo(50);
		assertThat(latencies.percentile(99)).isEqualTo(99);
		assertThat(latencies.percentile(100)).isEqualTo(100);
		assertThat(latencies.count()).isEqualTo(100);
	}

	@Test
	void theKthAcknowledgementIsVisibleWhenTheCountFirstReachesBasePlusK() {
		long ms = 1_000_000;
		long[] acknowledged = { 10 * ms, 20 * ms, 30 * ms };
		long[] observed = { 5 * ms, 15 * ms, 26 * ms, 29 * ms, 45 * ms };
		long[] counts = { 100, 101, 101, 102, 103 };

		Latencies latencies = Latencies.endToEnd(acknowledged, 100, observed, counts, observed.length);

		// visible at 15, 29 and 45 ms: 5, 9 and 15 ms after their acknowledgements
		assertThat(latencies.percentile(34)).isEqualTo(9);
		assertThat(latencies.percentile(1)).isEqualTo(5);
		assertThat(latencies.percentile(100)).isEqualTo(15);
	}

	@Test
	void aChangeNeverSeenIsInfinitelyLateAndOneSeenBeforeItsAnswerIsNotLate() {
		long ms = 1_000_000;
		long[] acknowledged = { 10 * ms, 20 * ms };
		long[] observed = { 8 * ms };
		long[] counts = { 1 };

		Latencies latencies = Latencies.endToEnd(acknowledged, 0, observed, counts, observed.length);

		assertThat(latencies.percentile(50)).isZero();
		assertThat(latencies.percentile(100)).isInfinite();
	}

}

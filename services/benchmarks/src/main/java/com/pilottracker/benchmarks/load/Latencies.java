package com.pilottracker.benchmarks.load;

import java.util.Arrays;

/**
 * Percentiles of a set of durations (nearest rank), and end-to-end latency from
 * acknowledgements and observed counts.
 */
public final class Latencies {

	private final double[] sortedMillis;

	private Latencies(double[] sortedMillis) {
		this.sortedMillis = sortedMillis;
	}

	public static Latencies ofMillis(double[] millis) {
		double[] sorted = millis.clone();
		Arrays.sort(sorted);
		return new Latencies(sorted);
	}

	/**
	 * End-to-end latency of each acknowledged change: the k-th acknowledgement (in time
	 * order) is taken to be visible when the observed count first reached
	 * {@code base + k}. A count shows how many changes are visible, not which, so when
	 * changes become visible out of acknowledgement order this pairs them by rank; the
	 * distribution is the same when they do not, and the sum of latencies is the same in
	 * any case. Observations are times ({@code observedNanos}, ascending) with the count
	 * seen then.
	 * @return latencies in milliseconds; a change never seen counts as
	 * {@link Double#POSITIVE_INFINITY}; one seen before its acknowledgement arrived (the
	 * pipeline beat the HTTP answer) as 0
	 */
	public static Latencies endToEnd(long[] acknowledgedNanos, long base, long[] observedNanos, long[] observedCounts,
			int observations) {
		double[] millis = new double[acknowledgedNanos.length];
		int j = 0;
		for (int k = 0; k < acknowledgedNanos.length; k++) {
			long needed = base + k + 1;
			while (j < observations && observedCounts[j] < needed) {
				j++;
			}
			if (j == observations) {
				Arrays.fill(millis, k, millis.length, Double.POSITIVE_INFINITY);
				break;
			}
			millis[k] = Math.max(0, (observedNanos[j] - acknowledgedNanos[k]) / 1e6);
		}
		return ofMillis(millis);
	}

	/** The {@code p}-th percentile (0 < p ≤ 100), nearest rank. */
	public double percentile(double p) {
		if (this.sortedMillis.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * this.sortedMillis.length);
		return this.sortedMillis[Math.min(this.sortedMillis.length, Math.max(1, rank)) - 1];
	}

	public int count() {
		return this.sortedMillis.length;
	}

}

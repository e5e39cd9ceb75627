package com.pilottracker.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the projection's funnel API ({@code GET /api/v1/funnel}) for the number of
 * enterprises that reached SOLICITED, every 5 ms on one connection, and keeps each answer
 * with the time it arrived: what a client polling the API would see, and when.
 */
public final class FunnelWatch implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The pilot's first stage, which every solicitation reaches. */
	private static final String ENTERING = Enterprises.PILOT.funnelStages().get(0).name();

	/** The poll period: a change waits 2.5 ms on average to be asked about. */
	private static final long POLL_PERIOD_NANOS = 5_000_000;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final HttpRequest request;

	private final Thread poller;

	private volatile boolean running = true;

	private long[] nanos = new long[1 << 16];

	private long[] counts = new long[1 << 16];

	private int size;

	public FunnelWatch(String projectionUrl, String apiKey) {
		this.request = HttpRequest.newBuilder(URI.create(projectionUrl + "/api/v1/funnel"))
			.header("Authorization", "Bearer " + apiKey)
			.timeout(Duration.ofSeconds(10))
			.build();
		this.poller = new Thread(this::poll, "funnel-watch");
		this.poller.setDaemon(true);
	}

	/** The SOLICITED reached count now (one request, not recorded). */
	public long solicitedNow() {
		try {
			return solicited(this.http.send(this.request, HttpResponse.BodyHandlers.ofString()).body());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Reached per stage now (one request, not recorded). */
	public java.util.Map<String, Long> reached() {
		try {
			JsonNode funnel = JSON.readTree(this.http.send(this.request, HttpResponse.BodyHandlers.ofString()).body());
			java.util.Map<String, Long> reached = new java.util.LinkedHashMap<>();
			for (JsonNode stage : funnel.path("stages")) {
				reached.put(stage.path("stage").asString(), stage.path("reached").asLong());
			}
			return reached;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public FunnelWatch start() {
		this.poller.start();
		return this;
	}

	private void poll() {
		long next = System.nanoTime();
		while (this.running) {
			try {
				// one request every POLL_PERIOD at most: asked back to back, the
				// projection used 0.3 cores at 1,000 milestones/s, where applying them
				// takes about 0.05 (0.04 ms per change in the catch-up)
				long wait = next - System.nanoTime();
				if (wait > 0) {
					java.util.concurrent.locks.LockSupport.parkNanos(wait);
				}
				next = System.nanoTime() + POLL_PERIOD_NANOS;
				long count = solicited(this.http.send(this.request, HttpResponse.BodyHandlers.ofString()).body());
				record(System.nanoTime(), count);
			}
			catch (IOException | RuntimeException ex) {
				// the next answer will do
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private synchronized void record(long at, long count) {
		if (this.size == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
			this.counts = Arrays.copyOf(this.counts, this.size * 2);
		}
		this.nanos[this.size] = at;
		this.counts[this.size] = count;
		this.size++;
	}

	/**
	 * Waits until the count reached {@code target}; false if it did not within the time.
	 */
	public boolean awaitSolicited(long target, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			synchronized (this) {
				if (this.size > 0 && this.counts[this.size - 1] >= target) {
					return true;
				}
			}
			java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
		}
		return false;
	}

	/** The end-to-end latency of the acknowledged changes, counted from {@code base}. */
	public synchronized Latencies latencies(long base, long[] acknowledgedNanos) {
		return Latencies.endToEnd(acknowledgedNanos, base, this.nanos, this.counts, this.size);
	}

	/**
	 * Acknowledged against visible changes every 100 ms, from the first acknowledgement
	 * until the last change seen, as CSV ({@code seconds,acknowledged,visible}): shows
	 * whether a high percentile comes from a pipeline slower than the rate throughout, or
	 * from a stall.
	 */
	public synchronized String lagCsv(long base, long[] acknowledgedNanos) {
		StringBuilder csv = new StringBuilder("seconds,acknowledged,visible\n");
		if (acknowledgedNanos.length == 0 || this.size == 0) {
			return csv.toString();
		}
		long[] acknowledged = acknowledgedNanos.clone();
		Arrays.sort(acknowledged);
		long start = acknowledged[0];
		long end = Math.max(acknowledged[acknowledged.length - 1], this.nanos[this.size - 1]);
		int a = 0;
		int o = 0;
		long visible = 0;
		for (long t = start; t <= end + 100_000_000L; t += 100_000_000L) {
			while (a < acknowledged.length && acknowledged[a] <= t) {
				a++;
			}
			while (o < this.size && this.nanos[o] <= t) {
				visible = Math.max(0, this.counts[o] - base);
				o++;
			}
			csv.append(String.format(java.util.Locale.ROOT, "%.1f,%d,%d%n", (t - start) / 1e9, a, visible));
			if (visible >= acknowledged.length && a == acknowledged.length) {
				break;
			}
		}
		return csv.toString();
	}

	/** How many answers the watch has had, and their mean interval in ms. */
	public synchronized double meanIntervalMillis() {
		return (this.size < 2) ? Double.NaN : (this.nanos[this.size - 1] - this.nanos[0]) / 1e6 / (this.size - 1);
	}

	private static long solicited(String body) {
		JsonNode funnel = JSON.readTree(body);
		for (JsonNode stage : funnel.path("stages")) {
			if (ENTERING.equals(stage.path("stage").asString())) {
				return stage.path("reached").asLong();
			}
		}
		throw new IllegalStateException("no " + ENTERING + " stage in " + body);
	}

	/**
	 * Stops asking every few ms (the phases after the latency measurements ask now and
	 * then with {@link #reached}): a client polling without pause is load the product
	 * would otherwise pay for in every later figure.
	 */
	public void stopPolling() {
		this.running = false;
		this.poller.interrupt();
		try {
			this.poller.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.poller.interrupt();
	}

}

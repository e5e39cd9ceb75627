package com.pilottracker.benchmarks.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * HTTP load on one endpoint over Reactor Netty (HTTP/1.1, kept-alive connections): closed
 * loop (a fixed number of requests in flight, as fast as answers come) and open loop
 * (requests sent on a fixed schedule whatever the answers, so slow answers show as
 * latency instead of lowering the rate).
 */
public final class HttpLoad implements AutoCloseable {

	private final ConnectionProvider pool;

	private final LoopResources loops;

	private final HttpClient client;

	public HttpLoad(String baseUrl, String apiKey, int maxConnections) {
		this.pool = ConnectionProvider.builder("benchmark")
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofMinutes(1))
			.build();
		this.loops = LoopResources.create("benchmark-client", 2, true);
		this.client = HttpClient.create(this.pool)
			.runOn(this.loops)
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30))
			.headers((headers) -> {
				if (apiKey != null) {
					headers.set("Authorization", "Bearer " + apiKey);
				}
			});
	}

	/** Posts one body; answers the status. */
	public Mono<Integer> post(String path, String contentType, byte[] body) {
		return this.client.headers((headers) -> headers.set("Content-Type", contentType))
			.post()
			.uri(path)
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((ignored) -> response.status().code()))
			.onErrorResume((ex) -> Mono.just(-1));
	}

	/**
	 * Closed loop: {@code requests} requests, {@code concurrency} in flight at a time.
	 * @param body the body of request {@code i}
	 * @param itemsPerRequest milestones per request (1, or a batch's size)
	 */
	public Closed closedLoop(String path, String contentType, int requests, int concurrency, LongFunction<byte[]> body,
			int itemsPerRequest) {
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		long started = System.nanoTime();
		Flux.range(0, requests)
			.flatMap((index) -> post(path, contentType, body.apply(index)), concurrency)
			.doOnNext((status) -> statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet())
			.blockLast(Duration.ofMinutes(30));
		double seconds = (System.nanoTime() - started) / 1e9;
		return new Closed(requests, (long) requests * itemsPerRequest, seconds, counts(statuses));
	}

	/**
	 * Open loop: one request every {@code 1/perSecond} seconds for {@code duration}; at
	 * most {@code maxInFlight} unanswered (beyond that the schedule is not kept, which
	 * the result shows as a lower achieved rate).
	 * @param body the body of request {@code i}
	 */
	public Open openLoop(String path, String contentType, double perSecond, Duration duration, int maxInFlight,
			LongFunction<byte[]> body) {
		int total = (int) Math.round(perSecond * duration.toNanos() / 1e9);
		long interval = (long) (1e9 / perSecond);
		long[] acknowledged = new long[total];
		AtomicInteger acked = new AtomicInteger();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicLong behind = new AtomicLong();
		CountDownLatch done = new CountDownLatch(total);
		long started = System.nanoTime();
		for (int i = 0; i < total; i++) {
			long due = started + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			else {
				behind.accumulateAndGet(-wait, Math::max);
			}
			while (inFlight.get() >= maxInFlight) {
				LockSupport.parkNanos(50_000);
			}
			inFlight.incrementAndGet();
			post(path, contentType, body.apply(i)).subscribe((status) -> {
				long at = System.nanoTime();
				if (status >= 200 && status < 300) {
					acknowledged[acked.getAndIncrement()] = at;
				}
				statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
				inFlight.decrementAndGet();
				done.countDown();
			});
		}
		long sent = System.nanoTime();
		try {
			done.await(2, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		long[] acks = java.util.Arrays.copyOf(acknowledged, acked.get());
		java.util.Arrays.sort(acks);
		return new Open(perSecond, total, total / ((sent - started) / 1e9), behind.get() / 1e6, acks, counts(statuses));
	}

	private static Map<Integer, Integer> counts(Map<Integer, AtomicInteger> statuses) {
		Map<Integer, Integer> counts = new TreeMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.get()));
		return counts;
	}

	@Override
	public void close() {
		this.pool.dispose();
		this.loops.dispose();
	}

	/**
	 * A closed-loop run.
	 *
	 * @param requests requests sent
	 * @param items milestones in them
	 * @param seconds wall time
	 * @param statuses answers by status (-1: no answer)
	 */
	public record Closed(int requests, long items, double seconds, Map<Integer, Integer> statuses) {

		public double itemsPerSecond() {
			return this.items / this.seconds;
		}

		/** Whether every request got a 2xx. */
		public boolean allAccepted() {
			return this.statuses.entrySet().stream().allMatch((e) -> e.getKey() >= 200 && e.getKey() < 300);
		}

	}

	/**
	 * An open-loop run.
	 *
	 * @param targetPerSecond the schedule's rate
	 * @param sent requests sent
	 * @param sentPerSecond the rate actually kept
	 * @param maxBehindMillis how far behind the schedule a send fell at worst
	 * @param acknowledgedNanos when each 2xx arrived ({@link System#nanoTime()}), sorted
	 * @param statuses answers by status (-1: no answer)
	 */
	public record Open(double targetPerSecond, int sent, double sentPerSecond, double maxBehindMillis,
			long[] acknowledgedNanos, Map<Integer, Integer> statuses) {

		public boolean allAccepted() {
			return this.acknowledgedNanos.length == this.sent;
		}

	}

}

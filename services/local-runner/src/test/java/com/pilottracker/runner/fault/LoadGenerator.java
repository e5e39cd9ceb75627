package com.pilottracker.runner.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts the scenario like providers do: each enterprise's milestones one after another,
 * many enterprises at once, and a milestone answered 503 posted again after
 * {@code Retry-After} until it is accepted. Anything but 202 or a well-formed 503 — a
 * 500, a 503 without a problem body or {@code Retry-After}, no answer within the client's
 * timeout — is recorded as a failure.
 */
final class LoadGenerator {

	/**
	 * Longer than the gateway's own publish timeout: a request still open then has hung.
	 */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI milestones;

	final AtomicLong sent = new AtomicLong();

	final AtomicLong accepted = new AtomicLong();

	final AtomicLong unavailable = new AtomicLong();

	final AtomicLong eventLogUnavailable = new AtomicLong();

	final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private final ExecutorService workers;

	private final Map<String, String> keysBySource;

	LoadGenerator(String gatewayUrl, int concurrency, Map<String, String> keysBySource) {
		this.milestones = URI.create(gatewayUrl + "/api/v1/milestones");
		this.keysBySource = Map.copyOf(keysBySource);
		this.workers = Executors.newFixedThreadPool(concurrency);
	}

	/** Starts posting every sequence; {@link #awaitDone} waits for the end. */
	void start(List<List<FaultScenario.Post>> sequences, int concurrency) {
		Queue<List<FaultScenario.Post>> queue = new ConcurrentLinkedQueue<>(sequences);
		for (int i = 0; i < concurrency; i++) {
			this.workers.submit(() -> {
				List<FaultScenario.Post> next;
				while ((next = queue.poll()) != null) {
					for (FaultScenario.Post post : next) {
						postUntilAccepted(post);
					}
				}
			});
		}
		this.workers.shutdown();
	}

	boolean awaitDone(Duration timeout) throws InterruptedException {
		return this.workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void postUntilAccepted(FaultScenario.Post post) {
		byte[] body = JSON.writeValueAsBytes(post.cloudEvent());
		HttpRequest request = HttpRequest.newBuilder(this.milestones)
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + this.keysBySource.get(post.source()))
			.header("Content-Type", "application/cloudevents+json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		while (true) {
			this.sent.incrementAndGet();
			try {
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 202) {
					this.accepted.incrementAndGet();
					return;
				}
				if (response.statusCode() == 503) {
					this.unavailable.incrementAndGet();
					long retryAfter = checkUnavailable(post, response);
					// a provider honours Retry-After; the outage's end is what the test
					// waits for
					Thread.sleep(Duration.ofSeconds(Math.min(retryAfter, 2)).toMillis());
					continue;
				}
				this.failures.add(post.id() + ": " + response.statusCode() + " " + response.body());
				return;
			}
			catch (HttpTimeoutException ex) {
				this.failures.add(post.id() + ": no answer within " + REQUEST_TIMEOUT);
			}
			catch (java.io.IOException ex) {
				this.failures.add(post.id() + ": " + ex);
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private long checkUnavailable(FaultScenario.Post post, HttpResponse<String> response) {
		long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(-1);
		String type = null;
		try {
			JsonNode problem = JSON.readTree(response.body());
			type = problem.path("type").asString(null);
		}
		catch (RuntimeException ex) {
			// reported below
		}
		if (retryAfter < 0 || type == null
				|| !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			this.failures.add(post.id() + ": 503 without a problem body or Retry-After: " + response.body());
			return 1;
		}
		if (type.equals("/problems/event-log-unavailable")) {
			this.eventLogUnavailable.incrementAndGet();
		}
		return retryAfter;
	}

}

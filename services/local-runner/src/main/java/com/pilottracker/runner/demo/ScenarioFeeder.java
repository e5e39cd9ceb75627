package com.pilottracker.runner.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts milestones to the gateway over HTTP, like providers and the office would: each
 * enterprise's milestones in a programme one after another, different enterprises (and
 * one enterprise's programmes) concurrently, each with the key of its source. A 503 or
 * 429 is retried after its {@code Retry-After}; any other answer than 202 is a failure.
 * <p>
 * Where the order matters the feeder keeps it:
 * <ul>
 * <li>a provider's step after the contract naming it waits until the contract's receipt
 * says {@code APPLIED}, as a real provider would see on its receipt (the lifecycle
 * refuses a provider's step for an enterprise no contract gives it);</li>
 * <li>in a programme whose recognitions lapse (the gradient) an enterprise's history is
 * posted newest first. The lifecycle decides lapses by the log's clock, the acceptance
 * time, which for a history posted today lies years after it: posted oldest first, a
 * recognition of 2019 would be decided, and lapse, before its re-review of 2022 is on the
 * log, and the re-review would undo the lapse again. Newest first, every later step is
 * held for the first recognition, and the history is decided whole when it arrives.</li>
 * </ul>
 */
public final class ScenarioFeeder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * HTTP/1.1: the JDK client's default, HTTP/2 with an h2c upgrade offer on a plain
	 * connection, was seen to stall on a kept-alive connection after a 429 from the
	 * gateway (JDK 17; the server had sent the answer, the client never read it).
	 */
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI milestones;

	private final int concurrency;

	private final Map<String, String> keysBySource;

	/**
	 * A feeder that posts each milestone with the key of its source.
	 * @param keysBySource the API key for each CloudEvents source
	 */
	public ScenarioFeeder(String gatewayUrl, int concurrency, Map<String, String> keysBySource) {
		this.milestones = URI.create(gatewayUrl + "/api/v1/milestones");
		this.concurrency = concurrency;
		this.keysBySource = Map.copyOf(keysBySource);
	}

	/**
	 * A feeder for {@code scenario}: the office key for the office's milestones, and a
	 * PROVIDER key issued with it for each provider the scenario names.
	 */
	public static ScenarioFeeder forScenario(String gatewayUrl, int concurrency, String officeKey,
			List<DemoMilestone> scenario) {
		List<String> sources = scenario.stream().map(DemoMilestone::source).distinct().toList();
		return new ScenarioFeeder(gatewayUrl, concurrency, new OfficeApi(gatewayUrl, officeKey).keysFor(sources));
	}

	/** Posts every milestone and returns how many were accepted (202). */
	public int feed(List<DemoMilestone> scenario) {
		ConcurrentLinkedQueue<List<DemoMilestone>> queue = new ConcurrentLinkedQueue<>(postingOrder(scenario));
		AtomicInteger accepted = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(this.concurrency);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < this.concurrency; i++) {
				running.add(workers.submit(() -> {
					List<DemoMilestone> next;
					while ((next = queue.poll()) != null) {
						for (int step = 0; step < next.size(); step++) {
							DemoMilestone milestone = next.get(step);
							post(milestone);
							accepted.incrementAndGet();
							if (namesProvider(milestone) && reportsAfter(next, step)) {
								awaitApplied(milestone);
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : running) {
				worker.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while feeding the scenario", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("feeding the scenario failed: " + ex.getCause().getMessage(),
					ex.getCause());
		}
		finally {
			workers.shutdownNow();
		}
		return accepted.get();
	}

	/**
	 * The scenario's milestones by (programme, enterprise), each group in the order it is
	 * posted: the scenario's (time) order, newest first in a programme whose recognitions
	 * lapse.
	 */
	static List<List<DemoMilestone>> postingOrder(List<DemoMilestone> scenario) {
		Map<String, List<DemoMilestone>> byEnterprise = new LinkedHashMap<>();
		for (DemoMilestone milestone : scenario) {
			byEnterprise
				.computeIfAbsent(milestone.programme() + " " + milestone.subject().value(), (key) -> new ArrayList<>())
				.add(milestone);
		}
		List<List<DemoMilestone>> groups = new ArrayList<>();
		for (List<DemoMilestone> group : byEnterprise.values()) {
			if (lapses(programme(group.get(0)))) {
				java.util.Collections.reverse(group);
			}
			groups.add(List.copyOf(group));
		}
		return groups;
	}

	private static Programme programme(DemoMilestone milestone) {
		return Programmes.shipped()
			.declaring(milestone.type())
			.orElseThrow(() -> new IllegalArgumentException("no programme declares " + milestone.type()));
	}

	private static boolean lapses(Programme programme) {
		return programme.renewal().flatMap(Programme.Renewal::lapse).isPresent();
	}

	/** Whether the milestone reaches the stage that names the enterprise's provider. */
	private static boolean namesProvider(DemoMilestone milestone) {
		return programme(milestone).step(milestone.type())
			.filter((step) -> step instanceof Programme.Step.Reach reach && reach.definition().namesProvider())
			.isPresent();
	}

	/**
	 * Whether the contract's provider reports a later step of the same enterprise: it may
	 * only once the contract is applied, as a real provider would see on its receipt.
	 */
	private static boolean reportsAfter(List<DemoMilestone> enterprise, int contract) {
		String source = enterprise.get(contract).source();
		return enterprise.subList(contract + 1, enterprise.size())
			.stream()
			.anyMatch((later) -> later.source().equals(source));
	}

	/**
	 * Waits until the milestone's receipt says {@code APPLIED}, asking every 50 ms for at
	 * most 60 s.
	 */
	private void awaitApplied(DemoMilestone milestone) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.milestones + "/" + URLEncoder.encode(milestone.id(), StandardCharsets.UTF_8)
					+ "?source=" + URLEncoder.encode(milestone.source(), StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.keysBySource.get(milestone.source()))
			.GET()
			.build();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		String status = null;
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			status = (response.statusCode() == 200) ? JSON.readTree(response.body()).path("status").asString() : null;
			if ("APPLIED".equals(status)) {
				return;
			}
			if ("REJECTED".equals(status)) {
				throw new IllegalStateException(
						"the demo's contract " + milestone.id() + " was rejected: " + response.body());
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException(
				"the demo's contract " + milestone.id() + " was not applied within 60 s (last status " + status + ")");
	}

	/** Posts one milestone until the gateway accepts it. */
	public void post(DemoMilestone milestone) throws IOException, InterruptedException {
		String key = this.keysBySource.get(milestone.source());
		if (key == null) {
			throw new IllegalStateException("no key for source " + milestone.source());
		}
		HttpRequest request = HttpRequest.newBuilder(this.milestones)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/cloudevents+json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(milestone.cloudEvent())))
			.build();
		for (int attempt = 1;; attempt++) {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 202) {
				return;
			}
			if ((response.statusCode() == 503 || response.statusCode() == 429) && attempt < 20) {
				long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
				Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
				continue;
			}
			throw new IllegalStateException(
					"gateway answered " + response.statusCode() + " to " + milestone.id() + ": " + response.body());
		}
	}

}

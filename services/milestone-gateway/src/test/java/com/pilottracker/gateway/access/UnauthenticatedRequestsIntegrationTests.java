package com.pilottracker.gateway.access;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with no key or an unknown key, from one address, on a real database: limited
 * per client address before any lookup, while a valid key goes on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pilot.security.unauthenticated.requests-per-second=0.2",
				"pilot.security.unauthenticated.burst=5" })
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class UnauthenticatedRequestsIntegrationTests {

	static final int FLOOD = 300;

	@Autowired
	WebTestClient anonymous;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@Test
	void aFloodOfUnknownKeysFromOneAddressIsAnswered429WithoutLookupsWhileAValidKeyGoesOn() {
		OfficeClient office = new OfficeClient(this.anonymous);
		String valid = office.key(OfficeClient.uniqueProvider("steady"), "VIEWER");
		WebClient http = WebClient.create("http://127.0.0.1:" + this.port);
		assertThat(status(http, valid)).isEqualTo(200);
		double lookedUp = refusals("unauthenticated");
		double limited = refusals("address_limited");
		double busy = refusals("lookups_busy");

		Map<Integer, Integer> flood = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<Integer> validAnswers = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> refusalsSeen = new ConcurrentLinkedQueue<>();
		long started = System.nanoTime();
		Flux<Void> unknown = Flux.range(0, FLOOD)
			.flatMap((i) -> http.get()
				.uri("/api/v1/reference/districts")
				.header(HttpHeaders.AUTHORIZATION, "Bearer pt_" + UUID.randomUUID().toString().replace("-", ""))
				// not trusted: the server is not configured for forwarded headers
				.header("X-Forwarded-For", "198.51.100." + (i % 250))
				.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("").map((body) -> {
					flood.merge(response.statusCode().value(), 1, Integer::sum);
					if (response.statusCode().value() == 429) {
						refusalsSeen.add(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER) + " "
								+ response.headers().contentType().map(MediaType::toString).orElse("") + " " + body);
					}
					return body;
				}))
				.then(), 32);
		Flux<Void> steady = Flux.range(0, 40)
			.concatMap((i) -> Mono.fromCallable(() -> status(http, valid))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
				.doOnNext(validAnswers::add)
				.then());
		Flux.merge(unknown, steady).blockLast(Duration.ofSeconds(60));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(validAnswers).hasSize(40).containsOnly(200);
		assertThat(new TreeMap<>(flood)).as("answers to the flood by status")
			.containsKey(429)
			.allSatisfy((status, count) -> assertThat(status).isIn(401, 429, 503));
		int lookedUpOrBusy = flood.getOrDefault(401, 0) + flood.getOrDefault(503, 0);
		assertThat(lookedUpOrBusy).as("unknown keys past the address limit: the burst at most").isBetween(1, 5);
		assertThat(flood.get(429)).isEqualTo(FLOOD - lookedUpOrBusy);
		assertThat(refusals("unauthenticated") - lookedUp).isEqualTo(flood.getOrDefault(401, 0).doubleValue());
		assertThat(refusals("lookups_busy") - busy).isEqualTo(flood.getOrDefault(503, 0).doubleValue());
		assertThat(refusals("address_limited") - limited).isEqualTo(flood.get(429).doubleValue());
		assertThat(refusalsSeen).allSatisfy((refusal) -> assertThat(refusal)
			.matches("[1-9][0-9]* application/problem\\+json .*\"type\":\"/problems/rate-limited\".*")
			.contains("without an API key this service knows"));
		assertThat(took).as("the flood was answered at once").isLessThan(Duration.ofSeconds(30));

		// the address's allowance is spent for requests without any key too, but not for
		// what needs none
		JsonNode noKey = this.anonymous.get()
			.uri("/api/v1/reference/districts")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(noKey.path("type").asString()).isEqualTo("/problems/rate-limited");
		this.anonymous.get().uri("/livez").exchange().expectStatus().isOk();
		assertThat(status(http, valid)).isEqualTo(200);
	}

	private int status(WebClient http, String key) {
		return http.get()
			.uri("/api/v1/reference/districts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(30));
	}

	private double refusals(String reason) {
		return this.meters.counter("pilot.access.refusals", "reason", reason).count();
	}

}

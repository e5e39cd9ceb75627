package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.pilottracker.access.ApiKeyRepository;
import com.pilottracker.access.ApiKeys;
import com.pilottracker.access.Role;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analytics stream's limits per key, on a real database: a key holds at most
 * {@code max-per-key} streams, and a key revoked in the key table (as the gateway revokes
 * it) loses its streams within seconds while other keys' streams go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pilot.security.streams.max-per-key=2", "pilot.security.streams.revocation-check=500ms" })
@ImportPilotInfrastructure
class AnalyticsStreamLimitsIntegrationTests {

	static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyRepository keys;

	@Autowired
	DatabaseClient db;

	@Test
	void aKeyMayHoldItsCapOfStreamsAndTheNextIsAnswered429UntilOneCloses() {
		WebClient http = WebClient.create("http://127.0.0.1:" + this.port);
		String key = viewerKey().key();
		List<String> firstEvents = new CopyOnWriteArrayList<>();
		List<String> secondEvents = new CopyOnWriteArrayList<>();
		Disposable first = stream(http, key).subscribe((event) -> firstEvents.add(event.event()));
		Disposable second = stream(http, key).subscribe((event) -> secondEvents.add(event.event()));
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> firstEvents.contains("snapshot") && secondEvents.contains("snapshot"));

			AtomicReference<String> refusal = new AtomicReference<>();
			int status = http.get()
				.uri("/api/v1/analytics/stream")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.doOnNext((body) -> refusal.set(response.headers().contentType().orElseThrow() + " " + body))
					.thenReturn(response.statusCode().value()))
				.block(Duration.ofSeconds(20));
			assertThat(status).isEqualTo(429);
			assertThat(refusal.get()).startsWith("application/problem+json")
				.contains("\"type\":\"/problems/too-many-streams\"")
				.contains("This key has 2 streams open");
			assertThat(openAndTakeTheSnapshot(http, viewerKey().key())).as("another key's stream").isEqualTo(200);

			first.dispose();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> openAndTakeTheSnapshot(http, key) == 200);
		}
		finally {
			first.dispose();
			second.dispose();
		}
	}

	@Test
	void aRevokedKeysStreamEndsWithinSecondsWhileOtherKeysStreamsGoOn() {
		WebClient http = WebClient.create("http://127.0.0.1:" + this.port);
		ApiKeys.Issued leaving = viewerKey();
		AtomicBoolean otherEnded = new AtomicBoolean();
		List<String> otherEvents = new CopyOnWriteArrayList<>();
		Disposable other = stream(http, viewerKey().key()).doOnTerminate(() -> otherEnded.set(true))
			.subscribe((event) -> otherEvents.add(event.event()));
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> otherEvents.contains("snapshot"));

			StepVerifier.create(stream(http, leaving.key()).filter((event) -> event.event() != null))
				.assertNext((snapshot) -> {
					assertThat(snapshot.event()).isEqualTo("snapshot");
					revokeInTheTable(leaving.keyId()).subscribe();
				})
				.expectComplete()
				.verify(Duration.ofSeconds(5));

			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !otherEnded.get());
		}
		finally {
			other.dispose();
		}
	}

	private static Flux<ServerSentEvent<String>> stream(WebClient http, String key) {
		return http.get()
			.uri("/api/v1/analytics/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENTS);
	}

	/** Opens a stream, and closes it after its first event. */
	private static int openAndTakeTheSnapshot(WebClient http, String key) {
		return http.get()
			.uri("/api/v1/analytics/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToMono((response) -> (response.statusCode().value() == 200)
					? response.bodyToFlux(EVENTS).next().thenReturn(200)
					: response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(20));
	}

	private ApiKeys.Issued viewerKey() {
		ApiKeys.Issued issued = ApiKeys.generate();
		this.keys
			.insert(issued, "viewer-" + UUID.randomUUID().toString().substring(0, 8), Role.VIEWER, null, "test",
					Instant.now())
			.block(Duration.ofSeconds(10));
		return issued;
	}

	/** As the gateway revokes a key: in the key table, not through this service. */
	private reactor.core.publisher.Mono<Void> revokeInTheTable(String keyId) {
		return this.db
			.sql("UPDATE access.api_key SET revoked_at = now(), revoked_by = 'office' WHERE key_id = :id "
					+ "AND revoked_at IS NULL")
			.bind("id", keyId)
			.then();
	}

}

package com.pilottracker.gateway.access;

import java.time.Duration;
import java.time.Instant;

import com.pilottracker.access.ApiKeyAuthenticationManager;
import com.pilottracker.access.ApiKeyRecord;
import com.pilottracker.access.ApiKeyRepository;
import com.pilottracker.access.ApiKeys;
import com.pilottracker.access.Caller;
import com.pilottracker.access.Role;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The short memory of unknown keys, on a real database: a key found unknown is refused
 * from memory for {@code unknown-key-ttl}, even once another replica has issued it; the
 * replica that issues a key forgets at once that it was unknown.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pilot.security.unauthenticated.unknown-key-ttl=3s")
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class UnknownKeysIntegrationTests {

	@Autowired
	WebTestClient anonymous;

	@Autowired
	ApiKeyRepository keys;

	@Autowired
	ApiKeyAuthenticationManager authentication;

	@Test
	void anUnknownKeyIsRefusedFromMemoryUntilItsTtlEndsOrThisReplicaIssuesIt() {
		OfficeClient office = new OfficeClient(this.anonymous);
		ApiKeys.Issued early = ApiKeys.generate();
		WebTestClient client = office.as(early.key());
		client.get().uri("/api/v1/reference/districts").exchange().expectStatus().isUnauthorized();
		// issued meanwhile by another replica: this one still remembers the key as
		// unknown
		this.keys.insert(early, OfficeClient.uniqueProvider("early"), Role.VIEWER, null, "test", Instant.now())
			.block(Duration.ofSeconds(10));
		client.get().uri("/api/v1/reference/districts").exchange().expectStatus().isUnauthorized();
		// and takes it once the memory ends
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> client.get().uri("/api/v1/reference/districts").exchange().expectStatus().isOk());

		ApiKeys.Issued here = ApiKeys.generate();
		WebTestClient hereClient = office.as(here.key());
		hereClient.get().uri("/api/v1/reference/districts").exchange().expectStatus().isUnauthorized();
		ApiKeyRecord stored = this.keys
			.insert(here, OfficeClient.uniqueProvider("here"), Role.VIEWER, null, "test", Instant.now())
			.block(Duration.ofSeconds(10));
		// what the office's API does when this replica issues a key
		this.authentication.issued(here.key(), new Caller(stored.keyId(), stored.principal(), stored.role()));
		hereClient.get().uri("/api/v1/reference/districts").exchange().expectStatus().isOk();
	}

}

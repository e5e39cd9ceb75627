package com.pilottracker.gateway.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two office users revoke each other's key at the same moment, and theirs are the last
 * two active OFFICE keys: one revocation goes through, the other is answered 409 (or 401,
 * when its key was already revoked before it was checked), and one OFFICE key always
 * stays. Repeated, on a real database, so that the two do race.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class OfficeKeyRevocationIntegrationTests {

	static final int ROUNDS = 30;

	@Autowired
	WebTestClient anonymous;

	@Autowired
	DatabaseClient db;

	@LocalServerPort
	int port;

	@Test
	void twoConcurrentRevocationsOfTheLastTwoOfficeKeysLeaveOneOfThem() {
		OfficeClient office = new OfficeClient(this.anonymous);
		WebClient http = WebClient.create("http://127.0.0.1:" + this.port);
		Map<String, Integer> outcomes = new TreeMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			JsonNode first = office.issue("alice-" + OfficeClient.uniqueProvider("o"), "OFFICE");
			JsonNode second = office.issue("bob-" + OfficeClient.uniqueProvider("o"), "OFFICE");
			String firstId = first.path("keyId").asString();
			String secondId = second.path("keyId").asString();
			// both keys known to the gateway before they race
			assertThat(delete(http, first.path("key").asString(), "no-such-key")).isEqualTo(404);
			assertThat(delete(http, second.path("key").asString(), "no-such-key")).isEqualTo(404);
			List<String> setAside = revokeOtherOfficeKeys(firstId, secondId);
			try {
				Tuple2<Integer, Integer> statuses = Mono
					.zip(deleteLater(http, first.path("key").asString(), secondId),
							deleteLater(http, second.path("key").asString(), firstId))
					.block(Duration.ofSeconds(30));
				List<Integer> both = new ArrayList<>(List.of(statuses.getT1(), statuses.getT2()));
				both.sort(null);
				outcomes.merge(both.toString(), 1, Integer::sum);

				assertThat(activeOfficeKeys()).as("round %d answered %s", round, both).hasSize(1);
				assertThat(both.toString()).as("round %d", round).isIn("[204, 409]", "[204, 401]");
			}
			finally {
				restore(setAside);
				revokeByTable(firstId);
				revokeByTable(secondId);
			}
		}
		System.out.println("concurrent revocations of the last two office keys, answers: " + outcomes);
		assertThat(outcomes).as("some rounds ran both revocations into the check").containsKey("[204, 409]");
	}

	private List<String> revokeOtherOfficeKeys(String firstId, String secondId) {
		return this.db
			.sql("UPDATE access.api_key SET revoked_at = now(), revoked_by = 'revocation-test' WHERE role = 'OFFICE' "
					+ "AND revoked_at IS NULL AND key_id NOT IN (:first, :second) RETURNING key_id")
			.bind("first", firstId)
			.bind("second", secondId)
			.map((row) -> row.get("key_id", String.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	private void restore(List<String> keyIds) {
		for (String keyId : keyIds) {
			this.db.sql("UPDATE access.api_key SET revoked_at = NULL, revoked_by = NULL WHERE key_id = :id")
				.bind("id", keyId)
				.then()
				.block(Duration.ofSeconds(10));
		}
	}

	private void revokeByTable(String keyId) {
		this.db
			.sql("UPDATE access.api_key SET revoked_at = now(), revoked_by = 'revocation-test' WHERE key_id = :id "
					+ "AND revoked_at IS NULL")
			.bind("id", keyId)
			.then()
			.block(Duration.ofSeconds(10));
	}

	private List<String> activeOfficeKeys() {
		return this.db.sql("SELECT key_id FROM access.api_key WHERE role = 'OFFICE' AND revoked_at IS NULL")
			.map((row) -> row.get("key_id", String.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	private static int delete(WebClient http, String key, String keyId) {
		return deleteLater(http, key, keyId).block(Duration.ofSeconds(30));
	}

	private static Mono<Integer> deleteLater(WebClient http, String key, String keyId) {
		return http.delete()
			.uri("/api/v1/admin/api-keys/{id}", keyId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

}

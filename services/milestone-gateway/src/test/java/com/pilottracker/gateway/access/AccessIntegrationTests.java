package com.pilottracker.gateway.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.pilottracker.gateway.OfficeClient.CLOUDEVENTS_JSON;
import static com.pilottracker.gateway.OfficeClient.milestone;
import static com.pilottracker.gateway.OfficeClient.newUscc;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class AccessIntegrationTests {

	@Autowired
	WebTestClient anonymous;

	@Autowired
	DatabaseClient db;

	OfficeClient office;

	@BeforeEach
	void office() {
		this.office = new OfficeClient(this.anonymous);
	}

	@Test
	void aRequestWithoutAKeyIsAnswered401WithAProblemAndABearerChallenge() {
		this.anonymous.get()
			.uri("/api/v1/reference/districts")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unauthenticated")
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("Authorization: Bearer"));
	}

	@Test
	void unknownMalformedAndNonBearerKeysAreAnswered401() {
		for (String header : new String[] { "Bearer pt_unknown0000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				"Bearer short", "Basic b2ZmaWNlOnNlY3JldA==", "Bearer", "bearer " + "x".repeat(300) }) {
			this.anonymous.get()
				.uri("/api/v1/reference/districts")
				.header("Authorization", header)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Unauthenticated");
		}
	}

	@Test
	void theBearerSchemeIsReadInAnyCase() {
		this.anonymous.get()
			.uri("/api/v1/reference/districts")
			.header("Authorization", "bEaReR " + TestApiKeys.OFFICE)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aViewerReadsReferenceDataButReportsNothingAndAdministersNothing() {
		WebTestClient viewer = this.office.as(this.office.key("mayor-office", "VIEWER"));

		viewer.get().uri("/api/v1/reference/districts").exchange().expectStatus().isOk();
		viewer.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone("v-1", "/programme-office", "pilot.solicited", newUscc(),
					Map.of("district", "思明区", "industry", "电子信息")))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/forbidden");
		viewer.get().uri("/api/v1/admin/api-keys").exchange().expectStatus().isForbidden();
	}

	@Test
	void aProviderReportsItsOwnContractsAndThenThoseEnterprisesStepsOnly() {
		String uscc = newUscc();
		String provider = OfficeClient.uniqueProvider("ceprei");
		String rival = OfficeClient.uniqueProvider("rival");
		WebTestClient providerClient = this.office.as(this.office.key(provider, "PROVIDER"));
		WebTestClient rivalClient = this.office.as(this.office.key(rival, "PROVIDER"));
		String source = "/providers/" + provider;

		post(providerClient,
				milestone("s-" + uscc, source, "pilot.solicited", uscc, Map.of("district", "思明区", "industry", "电子信息")),
				403, "Only the programme office reports pilot.solicited");
		post(this.office.office(), milestone("s-" + uscc, "/programme-office", "pilot.solicited", uscc,
				Map.of("district", "思明区", "industry", "电子信息")), 202, null);
		post(providerClient, milestone("pa-" + uscc, source, "pilot.pre-acceptance", uscc, Map.of()), 403,
				"has no applied pilot.contracted naming provider '" + provider + "'");
		post(providerClient, milestone("c-" + uscc, source, "pilot.contracted", uscc, Map.of("provider", rival)), 403,
				"naming itself");
		post(providerClient,
				milestone("c-" + uscc, "/providers/" + rival, "pilot.contracted", uscc, Map.of("provider", provider)),
				403, "your key reports as '" + source + "'");
		post(providerClient, milestone("c-" + uscc, source, "pilot.contracted", uscc, Map.of("provider", provider)),
				202, null);
		// accepted is not applied: the contract counts once the lifecycle applied it
		String pending = post(providerClient, milestone("pa-" + uscc, source, "pilot.pre-acceptance", uscc, Map.of()),
				403, "has no applied pilot.contracted naming provider '" + provider + "'");
		this.office.lifecycleApplies(source, "c-" + uscc, "pilot.contracted", uscc);
		String rivals = post(rivalClient,
				milestone("w-" + uscc, "/providers/" + rival, "pilot.withdrawn", uscc, Map.of()), 403,
				"has no applied pilot.contracted naming provider '" + rival + "'");
		post(providerClient, milestone("pa-" + uscc, source, "pilot.pre-acceptance", uscc, Map.of()), 202, null);

		// a refusal reads the same whether the enterprise is the rival's or nobody's yet
		assertThat(rivals.replace(rival, "P").replace("pilot.withdrawn", "T"))
			.isEqualTo(pending.replace(provider, "P").replace("pilot.pre-acceptance", "T"));

		providerClient.get()
			.uri("/api/v1/milestones/{id}?source={source}", "pa-" + uscc, source)
			.exchange()
			.expectStatus()
			.isOk();
		rivalClient.get()
			.uri("/api/v1/milestones/{id}?source={source}", "pa-" + uscc, source)
			.exchange()
			.expectStatus()
			.isForbidden();
		this.office.office()
			.get()
			.uri("/api/v1/milestones/{id}?source={source}", "pa-" + uscc, source)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aBatchAnswersEachOutOfScopeItemWith403AndTakesTheRest() {
		String provider = OfficeClient.uniqueProvider("batch");
		WebTestClient providerClient = this.office.as(this.office.key(provider, "PROVIDER"));
		String uscc = newUscc();

		providerClient.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.parseMediaType("application/cloudevents-batch+json"))
			.bodyValue(java.util.List.of(
					milestone("b-c-" + uscc, "/providers/" + provider, "pilot.contracted", uscc,
							Map.of("provider", provider)),
					milestone("b-s-" + uscc, "/providers/" + provider, "pilot.solicited", uscc,
							Map.of("district", "思明区", "industry", "电子信息")),
					milestone("b-p-" + uscc, "/providers/" + provider, "pilot.pre-acceptance", uscc, Map.of())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(1)
			.jsonPath("$.results[1].status")
			.isEqualTo(403)
			.jsonPath("$.results[1].problem.type")
			.isEqualTo("/problems/forbidden")
			// the contract earlier in the same batch is not applied: it does not put the
			// enterprise in the provider's scope
			.jsonPath("$.results[2].status")
			.isEqualTo(403);
	}

	@Test
	void aRevokedKeyIsRefusedAtOnceAndTheRevocationIsAudited() {
		JsonNode issued = this.office.issue(OfficeClient.uniqueProvider("leaver"), "PROVIDER");
		WebTestClient leaver = this.office.as(issued.path("key").asString());
		leaver.get().uri("/api/v1/reference/industries").exchange().expectStatus().isOk();

		this.office.office()
			.delete()
			.uri("/api/v1/admin/api-keys/{id}", issued.path("keyId").asString())
			.exchange()
			.expectStatus()
			.isNoContent();

		leaver.get().uri("/api/v1/reference/industries").exchange().expectStatus().isUnauthorized();
		this.office.office()
			.get()
			.uri("/api/v1/admin/api-keys/{id}", issued.path("keyId").asString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.revokedBy")
			.isEqualTo("bootstrap-office")
			.jsonPath("$.key")
			.doesNotExist();
		this.office.office()
			.get()
			.uri("/api/v1/admin/audit?action=api-key.revoked")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].target")
			.isEqualTo(issued.path("keyId").asString())
			.jsonPath("$[0].actor")
			.isEqualTo("bootstrap-office");
	}

	@Test
	void theOfficeCannotRevokeItsLastOfficeKey() {
		JsonNode second = this.office.issue("deputy-" + OfficeClient.uniqueProvider("o"), "OFFICE");
		WebTestClient deputy = this.office.as(second.path("key").asString());
		JsonNode keys = deputy.get()
			.uri("/api/v1/admin/api-keys")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		List<String> revoked = new ArrayList<>();
		try {
			for (JsonNode key : keys) {
				if (key.path("role").asString().equals("OFFICE") && key.path("revokedAt").isNull()
						&& !key.path("keyId").asString().equals(second.path("keyId").asString())) {
					deputy.delete()
						.uri("/api/v1/admin/api-keys/{id}", key.path("keyId").asString())
						.exchange()
						.expectStatus()
						.isNoContent();
					revoked.add(key.path("keyId").asString());
				}
			}
			assertThat(revoked).isNotEmpty();

			deputy.delete()
				.uri("/api/v1/admin/api-keys/{id}", second.path("keyId").asString())
				.exchange()
				.expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("last active OFFICE key"));
		}
		finally {
			// the other tests go on with the test office key: give it back
			for (String id : revoked) {
				this.db.sql("UPDATE access.api_key SET revoked_at = NULL, revoked_by = NULL WHERE key_id = :id")
					.bind("id", id)
					.then()
					.block();
			}
		}
	}

	@Test
	void issuingAKeyChecksItsFields() {
		this.office.office()
			.post()
			.uri("/api/v1/admin/api-keys")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("principal", "Not A Name", "role", "ADMIN"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/principal")
			.jsonPath("$.errors[1].pointer")
			.isEqualTo("/role");
	}

	@Test
	void issuingAKeyRefusesTextWithControlCharactersWith400NamingTheField() {
		// JSON as a client may send it: escapes for what must not be taken
		for (Map.Entry<String, String> request : Map
			.of("/label", "{\"principal\":\"fine-name\",\"role\":\"VIEWER\",\"label\":\"holder\\u0000\"}", "/principal",
					"{\"principal\":\"name\\r\\nforged\",\"role\":\"VIEWER\"}", "/role",
					"{\"principal\":\"fine-name\",\"role\":\"VIEWER\\ud800\"}")
			.entrySet()) {
			this.office.office()
				.post()
				.uri("/api/v1/admin/api-keys")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(request.getValue())
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).startsWith(request.getKey() + " holds"));
		}
		this.office.office()
			.delete()
			.uri("/api/v1/admin/api-keys/{id}", "key\u0007")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			// refused before the controller, for every path (PrintableRequests)
			.jsonPath("$.type")
			.isEqualTo("/problems/invalid-request-line")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("holds the control character U+0007"));
	}

	@Test
	void keysNeverAppearInTheLogs(CapturedOutput output) {
		String key = this.office.key(OfficeClient.uniqueProvider("quiet"), "PROVIDER");
		this.office.as(key).get().uri("/api/v1/reference/districts").exchange().expectStatus().isOk();
		this.office.as(key + "x").get().uri("/api/v1/reference/districts").exchange().expectStatus().isUnauthorized();

		assertThat(output.getAll()).doesNotContain(key)
			.doesNotContain(key.substring(14))
			.doesNotContain(TestApiKeys.OFFICE)
			.doesNotContain(com.pilottracker.access.ApiKeys.hash(key));
	}

	/** Posts the milestone, expects the status (and detail), answers the detail. */
	private static String post(WebTestClient client, Map<String, Object> milestone, int status, String detail) {
		JsonNode body = client.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String text = (body != null) ? body.path("detail").asString(null) : null;
		if (detail != null) {
			assertThat(text).contains(detail);
		}
		return text;
	}

}

package com.pilottracker.gateway;

import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.TestApiKeys;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the gateway's tests do as the programme office: issue keys, make clients that
 * carry them, make enterprises.
 */
public final class OfficeClient {

	public static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json");

	private final WebTestClient anonymous;

	private final WebTestClient office;

	public OfficeClient(WebTestClient anonymous) {
		this.anonymous = anonymous;
		this.office = as(TestApiKeys.OFFICE);
	}

	/** A client with the test office key. */
	public WebTestClient office() {
		return this.office;
	}

	/** A client with the key given. */
	public WebTestClient as(String key) {
		return this.anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
	}

	/** Issues a key and answers it as the office got it. */
	public JsonNode issue(String principal, String role) {
		return this.office.post()
			.uri("/api/v1/admin/api-keys")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("principal", principal, "role", role, "label", "issued by a test"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** Issues a key and answers the key itself. */
	public String key(String principal, String role) {
		return issue(principal, role).path("key").asString();
	}

	/** A provider id no other test uses. */
	public static String uniqueProvider(String stem) {
		return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A valid USCC no other test uses, in 思明区. */
	public static String newUscc() {
		String first17 = "91350203MA"
				+ String.format("%07d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000L));
		return first17 + Uscc.checkCharacterFor(first17);
	}

	/** A structured-mode milestone. */
	public static Map<String, Object> milestone(String id, String source, String type, String uscc,
			Map<String, Object> data) {
		return Map.of("specversion", "1.0", "id", id, "source", source, "type", type, "subject", uscc, "time",
				"2024-03-05T09:30:00+08:00", "data", data);
	}

}

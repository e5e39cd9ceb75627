package com.pilottracker.gateway.milestone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.ConsumerLag;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TestRegistries;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 generated malformed or hostile requests — random bytes, wrong types, huge and
 * deeply nested fields, odd Unicode, wrong and lower-case USCCs, missing and duplicated
 * attributes, wrong content types, wrong methods, bad keys — each answered with a 4xx and
 * an RFC 9457 problem body; none with a 5xx; and nothing reaches the milestone topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pilot.security.rate-limit.requests-per-second=1000000")
@ImportPilotInfrastructure
class HostileInputIntegrationTests {

	static final int REQUESTS = Integer.getInteger("pilot.hostile.requests", 10_000);

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String[] ODD = { "\u200B", "\u202E", "\uFEFF", "\uD83D\uDE00", "\u0000", "ＡＢＣ", "９１", "\u00A0", "\\",
			"\"", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}" };

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** Keys that exist but may not post: a viewer's, a revoked one. */
	final List<String> keysThatMayNotPost = new ArrayList<>();

	/** A provider's key, good for posting within its scope only. */
	String providerKey;

	@org.junit.jupiter.api.BeforeEach
	void issueKeys() throws Exception {
		this.keysThatMayNotPost.add(issue("hostile-viewer", "VIEWER").path("key").asString());
		JsonNode revoked = issue("hostile-leaver", "PROVIDER");
		HttpResponse<String> revocation = this.http.send(HttpRequest
			.newBuilder(URI.create(base() + "/api/v1/admin/api-keys/" + revoked.path("keyId").asString()))
			.header("Authorization", TestApiKeys.officeBearer())
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(revocation.statusCode()).isEqualTo(204);
		this.keysThatMayNotPost.add(revoked.path("key").asString());
		this.providerKey = issue("hostile", "PROVIDER").path("key").asString();
	}

	private JsonNode issue(String principal, String role) throws Exception {
		if ("PROVIDER".equals(role)) {
			HttpResponse<String> registered = this.http
				.send(HttpRequest.newBuilder(URI.create(base() + TestRegistries.serviceOrganisationPath(principal)))
					.header("Authorization", TestApiKeys.officeBearer())
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString(TestRegistries.serviceOrganisation(principal, "VETTED")))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(registered.statusCode()).as(registered.body()).isIn(201, 428);
		}
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/admin/api-keys"))
				.header("Authorization", TestApiKeys.officeBearer())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"principal\":\"" + principal + "\",\"role\":\"" + role + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
		return JSON.readTree(response.body());
	}

	@Test
	void answersEveryHostileRequestWithA4xxProblemAndPublishesNothing() throws Exception {
		String kafka = TestInfrastructure.get().kafkaBootstrapServers();
		long recordsBefore = ConsumerLag.recordsIn(kafka, Topics.MILESTONES);
		Random random = new Random(Long.getLong("pilot.hostile.seed", 20250718L));
		List<Function<Random, HttpRequest>> kinds = kinds();
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> wrong = new ArrayList<>();

		int previous = -1;
		int reconnects = 0;
		for (int i = 0; i < REQUESTS; i++) {
			int kind = random.nextInt(kinds.size());
			int before = previous;
			previous = kind;
			HttpRequest request = kinds.get(kind).apply(random);
			HttpResponse<String> response;
			try {
				response = send(this.http, request);
			}
			catch (java.io.IOException ex) {
				// the server closes the connection after refusing a request with a body;
				// a client
				// that had already put the next request on it sends that one again, on a
				// new one
				reconnects++;
				try {
					response = send(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), request);
				}
				catch (java.io.IOException again) {
					wrong.add("kind " + kind + " after kind " + before + " " + request.method() + " "
							+ request.headers().map() + ": " + again);
					continue;
				}
			}
			statuses.merge(response.statusCode(), 1, Integer::sum);
			String problem = problemWith4xx(response);
			if (problem != null && wrong.size() < 20) {
				wrong.add("kind " + kind + " " + request.method() + " " + request.headers().map() + ": " + problem);
			}
		}

		System.out.println("hostile input: " + REQUESTS + " requests, answers by status " + statuses + ", " + reconnects
				+ " sent again on a new connection");
		assertThat(wrong).as("answers that are not a 4xx problem").isEmpty();
		assertThat(statuses.keySet()).allMatch((status) -> status >= 400 && status < 500);
		assertThat(ConsumerLag.recordsIn(kafka, Topics.MILESTONES)).isEqualTo(recordsBefore);
	}

	/**
	 * Sends a request and waits for the whole answer at most 20 s, whatever the client's
	 * own timeouts do.
	 */
	private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws java.io.IOException {
		java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request,
				HttpResponse.BodyHandlers.ofString());
		try {
			return answer.get(20, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			answer.cancel(true);
			throw new java.io.IOException("no answer within 20 s", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new java.io.IOException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.IOException(ex);
		}
	}

	private static String problemWith4xx(HttpResponse<String> response) {
		if (response.statusCode() < 400 || response.statusCode() >= 500) {
			return "status " + response.statusCode() + ": " + response.body();
		}
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			return "content type " + response.headers().firstValue("Content-Type") + ": " + response.body();
		}
		JsonNode problem = JSON.readTree(response.body());
		if (problem.path("status").asInt() != response.statusCode() || problem.path("title").isMissingNode()) {
			return "problem body " + response.body();
		}
		return null;
	}

	private List<Function<Random, HttpRequest>> kinds() {
		List<Function<Random, HttpRequest>> kinds = new ArrayList<>();
		// random bytes as a structured event
		kinds.add((random) -> {
			byte[] bytes = new byte[random.nextInt(2000)];
			random.nextBytes(bytes);
			return post("application/cloudevents+json", bytes);
		});
		// a valid event with one attribute of the wrong type
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			String attribute = pick(random, "specversion", "id", "source", "type", "subject", "time", "data");
			event.put(attribute, pick(random, 42, 3.14, true, List.of("a", "b"), Map.of("x", 1)));
			if (attribute.equals("data")) {
				event.put("data", pick(random, 42, "a string", List.of(1, 2)));
			}
			return post("application/cloudevents+json", json(event));
		});
		// a required attribute missing, or null
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			String attribute = pick(random, "specversion", "id", "source", "type", "subject", "time");
			if (random.nextBoolean()) {
				event.remove(attribute);
			}
			else {
				event.put(attribute, null);
			}
			return post("application/cloudevents+json", json(event));
		});
		// an attribute given twice
		kinds.add((random) -> {
			String body = new String(json(valid(random)), StandardCharsets.UTF_8);
			String attribute = pick(random, "id", "subject", "type", "time");
			return post("application/cloudevents+json",
					(body.substring(0, body.length() - 1) + ",\"" + attribute + "\":\"twice\"}")
						.getBytes(StandardCharsets.UTF_8));
		});
		// huge fields: over the body limit, or over the attribute limit
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			int size = random.nextBoolean() ? 70_000 + random.nextInt(100_000) : 257 + random.nextInt(5_000);
			event.put(pick(random, "id", "source", "subject"), "x".repeat(size));
			return post("application/cloudevents+json", json(event));
		});
		// deeply nested data
		kinds.add((random) -> {
			int depth = 1_500 + random.nextInt(3_000);
			String body = "{\"specversion\":\"1.0\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
			return post("application/cloudevents+json", body.getBytes(StandardCharsets.UTF_8));
		});
		// odd Unicode in the enterprise's code or the time
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			String uscc = (String) event.get("subject");
			int at = random.nextInt(uscc.length());
			if (random.nextBoolean()) {
				event.put("subject", uscc.substring(0, at) + pick(random, ODD) + uscc.substring(at + 1));
			}
			else {
				event.put("time", event.get("time") + pick(random, ODD));
			}
			return post("application/cloudevents+json", json(event));
		});
		// wrong codes: a failing check character, lower case, wrong length
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			String uscc = (String) event.get("subject");
			char check = uscc.charAt(17);
			char wrongCheck = Uscc.ALPHABET.charAt((Uscc.ALPHABET.indexOf(check) + 1 + random.nextInt(29)) % 31);
			event.put("subject", pick(random, uscc.substring(0, 17) + wrongCheck, uscc.toLowerCase(),
					uscc.substring(0, 17), uscc + "0"));
			return post("application/cloudevents+json", json(event));
		});
		// a future or too early time, an unknown type, district or industry
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			switch (random.nextInt(4)) {
				case 0 -> event.put("time", "2099-01-01T00:00:00Z");
				case 1 -> event.put("time", "1999-12-31T23:59:59+08:00");
				case 2 -> event.put("type", pick(random, "pilot.accepted", "PILOT.SOLICITED", "pilot.", ""));
				default -> event.put("data", Map.of("district", pick(random, ODD), "industry", "电子信息"));
			}
			return post("application/cloudevents+json", json(event));
		});
		// wrong content types
		kinds.add((random) -> post(pick(random, "text/plain", "application/xml", "multipart/form-data; boundary=x",
				"application/x-www-form-urlencoded", "application/octet-stream"), json(valid(random))));
		// binary mode with missing or broken ce- headers
		kinds.add((random) -> {
			Map<String, Object> event = valid(random);
			HttpRequest.Builder builder = request().header("Content-Type", "application/json");
			List<String> attributes = List.of("specversion", "id", "source", "type", "subject", "time");
			// one attribute the duplicated header below cannot stand in for is left out
			String omitted = pick(random, "specversion", "source", "type", "time");
			for (String attribute : attributes) {
				if (!attribute.equals(omitted)) {
					builder.header("ce-" + attribute,
							(random.nextInt(5) == 0) ? "%E4%" + pick(random, "zz", "") : (String) event.get(attribute));
				}
			}
			builder.header("ce-" + pick(random, "id", "subject"), "twice");
			return builder.POST(HttpRequest.BodyPublishers.ofByteArray(json(event.get("data")))).build();
		});
		// broken batches: not an array, empty, items that are no events at all
		kinds.add((random) -> post("application/cloudevents-batch+json",
				pick(random, "{}", "[]", "[1,2", "null", "\"batch\"", "[" + "[".repeat(3_000) + "]".repeat(3_000) + "]")
					.getBytes(StandardCharsets.UTF_8)));
		// bad keys: none, malformed, unknown, another scheme, odd characters, a viewer's,
		// a revoked one, a provider's outside its scope
		kinds.add((random) -> {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + "/api/v1/milestones"))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/cloudevents+json");
			Map<String, Object> event = valid(random);
			switch (random.nextInt(9)) {
				case 0 -> {
				}
				case 1 -> builder.header("Authorization", "Bearer " + randomText(random, random.nextInt(400)));
				case 2 -> builder.header("Authorization",
						"Bearer pt_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "_" + "A".repeat(43));
				case 3 -> builder.header("Authorization", pick(random, "Basic b2ZmaWNlOm9mZmljZQ==", "Digest x",
						"Bearer", "Bearer  ", "Token " + TestApiKeys.OFFICE, TestApiKeys.OFFICE));
				case 4 -> builder.header("Authorization",
						"Bearer " + TestApiKeys.OFFICE.substring(0, 20) + "%00" + TestApiKeys.OFFICE.substring(20));
				case 5 -> builder.header("Authorization",
						"Bearer " + pick(random, this.keysThatMayNotPost.toArray(String[]::new)));
				case 6 -> {
					builder.header("Authorization", "Bearer " + this.providerKey);
					event.put("source", pick(random, "/providers/hostile", "/programme-office", "/providers/other"));
					event.put("type", pick(random, "pilot.solicited", "pilot.pre-acceptance", "pilot.withdrawn"));
				}
				case 7 -> {
					builder.header("Authorization", "Bearer " + this.providerKey);
					event.put("source", "/providers/hostile");
					event.put("type", "pilot.contracted");
					event.put("data", Map.of("provider", pick(random, "other", "HOSTILE", "hostile2", "host ile", "")));
				}
				default ->
					builder.header("Authorization", "Bearer " + TestApiKeys.OFFICE.toUpperCase(java.util.Locale.ROOT));
			}
			return builder.POST(HttpRequest.BodyPublishers.ofByteArray(json(event))).build();
		});
		// wrong methods and malformed receipt look-ups
		kinds.add((random) -> switch (random.nextInt(3)) {
			case 0 ->
				request().method(pick(random, "PUT", "DELETE", "PATCH"), HttpRequest.BodyPublishers.noBody()).build();
			case 1 -> HttpRequest.newBuilder(URI.create(base() + "/api/v1/milestones/m-1"))
				.header("Authorization", TestApiKeys.officeBearer())
				.GET()
				.build();
			default -> HttpRequest
				.newBuilder(URI.create(base() + "/api/v1/milestones/no-such-" + random.nextInt() + "?source=%2Fx"))
				.header("Authorization", TestApiKeys.officeBearer())
				.GET()
				.build();
		});
		return kinds;
	}

	private Map<String, Object> valid(Random random) {
		String first17 = "91350200MA" + String.format("%07d", random.nextInt(10_000_000));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", "hostile-" + random.nextLong());
		event.put("source", "/providers/hostile");
		event.put("type", "pilot.solicited");
		event.put("subject", first17 + Uscc.checkCharacterFor(first17));
		event.put("time", "2024-03-05T09:30:00+08:00");
		event.put("data", new HashMap<>(Map.of("district", "思明区", "industry", "电子信息")));
		return event;
	}

	private HttpRequest post(String contentType, byte[] body) {
		return request().header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
	}

	private HttpRequest.Builder request() {
		return HttpRequest.newBuilder(URI.create(base() + "/api/v1/milestones"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", TestApiKeys.officeBearer());
	}

	private static String randomText(Random random, int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=!#$&'()*,;:@[]{}";
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private static byte[] json(Object value) {
		return JSON.writeValueAsBytes(value);
	}

	@SafeVarargs
	private static <T> T pick(Random random, T... choices) {
		return choices[random.nextInt(choices.length)];
	}

}

package com.pilottracker.runner.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the demo does as the programme office, over the gateway's API: issue each provider
 * its key. Also makes a bootstrap office key when none is given.
 */
public final class OfficeApi {

	/** The CloudEvents source of the programme office. */
	public static final String OFFICE_SOURCE = "/programme-office";

	private static final String PROVIDER_PREFIX = "/providers/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String gatewayUrl;

	private final String officeKey;

	public OfficeApi(String gatewayUrl, String officeKey) {
		this.gatewayUrl = gatewayUrl;
		this.officeKey = officeKey;
	}

	/** A new office key, in the form the gateway issues keys. */
	public static String newOfficeKey() {
		SecureRandom random = new SecureRandom();
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		String alphabet = "abcdefghijkmnopqrstuvwxyz23456789";
		StringBuilder id = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			id.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return "pt_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	/**
	 * The key for each source: the office key for {@code /programme-office}, a newly
	 * issued PROVIDER key for each {@code /providers/<id>}.
	 */
	public Map<String, String> keysFor(List<String> sources) {
		Map<String, String> keys = new LinkedHashMap<>();
		for (String source : sources) {
			if (keys.containsKey(source)) {
				continue;
			}
			if (source.equals(OFFICE_SOURCE)) {
				keys.put(source, this.officeKey);
			}
			else if (source.startsWith(PROVIDER_PREFIX)) {
				keys.put(source, issue(source.substring(PROVIDER_PREFIX.length()), "PROVIDER", "demo"));
			}
			else {
				throw new IllegalArgumentException("no key can report as '" + source + "'");
			}
		}
		return keys;
	}

	/** Issues a key and answers it. */
	public String issue(String principal, String role, String label) {
		String body = JSON.writeValueAsString(Map.of("principal", principal, "role", role, "label", label));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.gatewayUrl + "/api/v1/admin/api-keys"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.officeKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException("issuing a " + role + " key for " + principal + " was answered "
						+ response.statusCode() + ": " + response.body());
			}
			JsonNode issued = JSON.readTree(response.body());
			return issued.path("key").asString();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not issue a key for " + principal + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while issuing a key", ex);
		}
	}

}

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
				String provider = source.substring(PROVIDER_PREFIX.length());
				register(provider);
				keys.put(source, issue(provider, "PROVIDER", "demo"));
			}
			else {
				throw new IllegalArgumentException("no key can report as '" + source + "'");
			}
		}
		return keys;
	}

	/**
	 * Registers the provider in the office's registry of service organisations, vetted,
	 * with its names and domains from {@link XiamenScenario#PROVIDER_REGISTRY} (another
	 * provider by its id, in the digitalisation domain); one it holds already stays as it
	 * is.
	 */
	public void register(String provider) {
		List<String> registered = XiamenScenario.PROVIDER_REGISTRY.getOrDefault(provider,
				List.of("服务机构 " + provider, "Service organisation " + provider, "DIGITALISATION"));
		Map<String, Object> entry = Map.of("id", provider, "name",
				Map.of("zh", registered.get(0), "en", registered.get(1)), "domains",
				registered.subList(2, registered.size()), "vetting", "VETTED");
		HttpResponse<String> response = send("PUT", "/api/v1/admin/registries/service-organisations/" + provider,
				Map.of("reason", "vetted service organisation of the demo", "entry", entry));
		// 428: registered before (a demo fed twice); its entry is left as the office
		// keeps it
		if (response.statusCode() != 201 && response.statusCode() != 428) {
			throw new IllegalStateException("registering provider " + provider + " was answered "
					+ response.statusCode() + ": " + response.body());
		}
	}

	/** Issues a key and answers it. */
	public String issue(String principal, String role, String label) {
		HttpResponse<String> response = send("POST", "/api/v1/admin/api-keys",
				Map.of("principal", principal, "role", role, "label", label));
		if (response.statusCode() != 201) {
			throw new IllegalStateException("issuing a " + role + " key for " + principal + " was answered "
					+ response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body()).path("key").asString();
	}

	/** Sends {@code body} as JSON to the gateway as the office. */
	private HttpResponse<String> send(String method, String path, Object body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.gatewayUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.officeKey)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not " + method + " " + path + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted on " + method + " " + path, ex);
		}
	}

}

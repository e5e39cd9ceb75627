package com.pilottracker.access;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The answers of the access checks, as RFC 9457 problem bodies: 401 (no key, or a key not
 * known), 403 (a key whose role may not do this), 429 (the key's rate is spent, or the
 * client address's allowance for requests without a known key, or the key's streams), and
 * 503 (the key store did not answer, or every key lookup slot was taken). Each refusal is
 * counted in {@code pilot_access_refusals_total{reason}}.
 */
public class AccessProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	/** Every {@code reason} of {@code pilot_access_refusals_total}. */
	static final List<String> REASONS = List.of("unauthenticated", "forbidden", "rate_limited", "unavailable",
			"address_limited", "lookups_busy", "too_many_streams");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MeterRegistry meters;

	private final AddressLimit addressLimit;

	AccessProblems(MeterRegistry meters, AddressLimit addressLimit) {
		this.meters = meters;
		this.addressLimit = addressLimit;
		// every series from the start, so rates and alerts have them before the first
		// refusal
		for (String reason : REASONS) {
			meters.counter("pilot.access.refusals", "reason", reason);
		}
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		if (ex instanceof AuthenticationServiceException) {
			return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "key-store-unavailable", "Key store unavailable",
					"The API key could not be checked because the key store did not answer. Try again after 5 s.",
					Map.of(HttpHeaders.RETRY_AFTER, "5"), "unavailable");
		}
		if (ex instanceof KeyNotCheckedException notChecked) {
			return notChecked(exchange, notChecked);
		}
		boolean offered = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		if (!offered) {
			// refused for want of a key: counted against the address like an unknown key
			Duration wait = this.addressLimit.acquire(ClientAddresses.of(exchange.getRequest()));
			if (!wait.isZero()) {
				return notChecked(exchange,
						new KeyNotCheckedException(KeyNotCheckedException.Why.ADDRESS_LIMITED, wait));
			}
		}
		String detail = offered ? ex.getMessage()
				: "This API needs an API key: send 'Authorization: Bearer <API key>'. The programme office issues keys.";
		return write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail,
				Map.of(HttpHeaders.WWW_AUTHENTICATE, offered ? "Bearer error=\"invalid_token\"" : "Bearer"),
				"unauthenticated");
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange,
			org.springframework.security.access.AccessDeniedException denied) {
		return exchange.getPrincipal()
			.map((principal) -> (principal instanceof ApiKeyAuthentication key && key.getPrincipal() != null)
					? "Your key's role " + key.getPrincipal().role() + " may not " + exchange.getRequest().getMethod()
							+ " " + exchange.getRequest().getPath().value() + "."
					: "Your key may not do this.")
			.defaultIfEmpty("Your key may not do this.")
			.flatMap((detail) -> write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of(),
					"forbidden"));
	}

	/** 429, the key's rate spent. */
	public Mono<Void> tooManyRequests(ServerWebExchange exchange, Duration retryAfter, double perSecond) {
		long seconds = seconds(retryAfter);
		return write(
				exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", "This key may make "
						+ formatted(perSecond) + " requests per second; try again after " + seconds + " s.",
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)), "rate_limited");
	}

	private Mono<Void> notChecked(ServerWebExchange exchange, KeyNotCheckedException ex) {
		long seconds = seconds(ex.retryAfter());
		Map<String, String> retry = Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		if (ex.why() == KeyNotCheckedException.Why.LOOKUPS_BUSY) {
			return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "key-check-busy", "Key check busy",
					"Too many API keys this service does not know yet are being checked at once; try again after "
							+ seconds + " s.",
					retry, "lookups_busy");
		}
		return write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
				"This address may make " + formatted(this.addressLimit.perSecond())
						+ " requests per second without an API key this service knows (none, malformed, unknown, "
						+ "or not used here yet); try again after " + seconds + " s.",
				retry, "address_limited");
	}

	/** Counts a refusal answered elsewhere (for example a stream refused by its cap). */
	void refused(String reason) {
		this.meters.counter("pilot.access.refusals", "reason", reason).increment();
	}

	private static long seconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

	private static String formatted(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

	private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String title, String detail,
			Map<String, String> headers, String reason) {
		refused(reason);
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "/problems/" + type);
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", exchange.getRequest().getPath().value());
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.forEach(response.getHeaders()::set);
		byte[] body = JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}

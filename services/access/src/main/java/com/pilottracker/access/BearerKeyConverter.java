package com.pilottracker.access;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads {@code Authorization: Bearer <key>} (the scheme in any case, RFC 9110), with the
 * request's client address. No header means no key offered; any other form of the header
 * is refused, and counted against the client address like an unknown key.
 */
class BearerKeyConverter implements ServerAuthenticationConverter {

	private final AddressLimit addressLimit;

	BearerKeyConverter(AddressLimit addressLimit) {
		this.addressLimit = addressLimit;
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		List<String> values = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (values.isEmpty()) {
			return Mono.empty();
		}
		String client = ClientAddresses.of(exchange.getRequest());
		if (values.size() > 1) {
			return refused(client, "Give one Authorization header, not " + values.size());
		}
		String value = values.get(0).strip();
		int space = value.indexOf(' ');
		if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
			return refused(client, "The Authorization header must be 'Bearer <API key>'");
		}
		return Mono.just(ApiKeyAuthentication.offered(value.substring(space + 1).strip(), client));
	}

	private Mono<Authentication> refused(String client, String why) {
		Duration wait = this.addressLimit.acquire(client);
		return Mono.error(wait.isZero() ? new BadCredentialsException(why)
				: new KeyNotCheckedException(KeyNotCheckedException.Why.ADDRESS_LIMITED, wait));
	}

}

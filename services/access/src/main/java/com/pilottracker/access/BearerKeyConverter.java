package com.pilottracker.access;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads {@code Authorization: Bearer <key>} (the scheme in any case, RFC 9110). No header
 * means no key offered; any other form of the header is refused.
 */
class BearerKeyConverter implements ServerAuthenticationConverter {

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		List<String> values = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (values.isEmpty()) {
			return Mono.empty();
		}
		if (values.size() > 1) {
			return Mono.error(new BadCredentialsException("Give one Authorization header, not " + values.size()));
		}
		String value = values.get(0).strip();
		int space = value.indexOf(' ');
		if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
			return Mono.error(new BadCredentialsException("The Authorization header must be 'Bearer <API key>'"));
		}
		return Mono.just(ApiKeyAuthentication.offered(value.substring(space + 1).strip()));
	}

}

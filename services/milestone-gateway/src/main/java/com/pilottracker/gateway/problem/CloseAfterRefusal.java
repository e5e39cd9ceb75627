package com.pilottracker.gateway.problem;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Closes the connection after refusing a request that carries a body. A refusal (413,
 * 415, 400 …) is often sent before the body has been read; left open, the connection
 * would hold the unread rest of the body, and a client still writing it would wait for
 * ever. With {@code Connection: close} the client gets its answer and starts afresh.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CloseAfterRefusal implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)) {
			exchange.getResponse().beforeCommit(() -> {
				if (exchange.getResponse().getStatusCode() != null
						&& exchange.getResponse().getStatusCode().isError()) {
					exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
				}
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

}

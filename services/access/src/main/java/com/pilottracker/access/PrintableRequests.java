package com.pilottracker.access;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Text;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;

/**
 * Refuses, with 400 and a problem naming the part, a request whose path or query holds
 * what no string the services take may ({@link Text#problem}: NUL, control characters,
 * lone surrogates, non-characters), before anything else runs: a {@code %00} in an id
 * would otherwise reach a query, where PostgreSQL refuses it and the caller would be told
 * to try again. Runs before the security chain, so it costs an anonymous caller nothing
 * more than a refusal.
 */
public class PrintableRequests implements WebFilter, Ordered {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public int getOrder() {
		// before Spring Security's chain (-100)
		return -200;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String problem = problem(exchange);
		return (problem != null) ? refuse(exchange, problem) : chain.filter(exchange);
	}

	static String problem(ServerWebExchange exchange) {
		for (PathContainer.Element element : exchange.getRequest().getPath().elements()) {
			if (element instanceof PathContainer.PathSegment segment) {
				String decoded;
				try {
					decoded = UriUtils.decode(segment.value(), StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					return "the path holds a malformed percent-encoding";
				}
				String problem = Text.problem(decoded);
				if (problem != null) {
					return "the path segment '" + Text.forLog(decoded, 64) + "' " + problem;
				}
			}
		}
		for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
			String nameProblem = Text.problem(parameter.getKey());
			if (nameProblem != null) {
				return "a query parameter's name " + nameProblem;
			}
			for (String value : parameter.getValue()) {
				String problem = Text.problem(value);
				if (problem != null) {
					return "the query parameter '" + Text.forLog(parameter.getKey(), 64) + "' " + problem;
				}
			}
		}
		return null;
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, String problem) {
		ServerHttpResponse response = exchange.getResponse();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "/problems/invalid-request-line");
		body.put("title", "Invalid request line");
		body.put("status", HttpStatus.BAD_REQUEST.value());
		body.put("detail", "The request cannot be taken: " + problem + ". Only printable text is accepted.");
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

}

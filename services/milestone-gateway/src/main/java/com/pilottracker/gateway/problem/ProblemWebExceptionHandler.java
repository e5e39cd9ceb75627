package com.pilottracker.gateway.problem;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The last word on errors that no controller advice answered: those raised before a
 * handler is chosen (no such path, a request refused by a filter) and anything
 * unexpected. Each is answered as an RFC 9457 problem body, like every other error.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

	private final JsonMapper json;

	ProblemWebExceptionHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem;
		if (ex instanceof ErrorResponse response) {
			problem = response.getBody();
		}
		else {
			logger.error("Unexpected error answering {} {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), ex);
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"The gateway failed to answer; the failure is logged.");
		}
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		exchange.getResponse().setStatusCode(HttpStatus.valueOf(problem.getStatus()));
		exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = this.json.writeValueAsBytes(problem);
		return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
	}

}

package com.pilottracker.gateway.problem;

import java.net.URI;
import java.time.Duration;

import com.pilottracker.gateway.milestone.BrokerUnavailableException;
import com.pilottracker.gateway.milestone.InvalidMilestoneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers every error as an RFC 9457 problem body: Spring's own (400, 404, 405, 406, 415,
 * …) through {@link ResponseEntityExceptionHandler}, and the gateway's below.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	static final URI INVALID_MILESTONE = URI.create("/problems/invalid-milestone");

	static final URI BROKER_UNAVAILABLE = URI.create("/problems/event-log-unavailable");

	private final Duration retryAfter;

	ProblemHandler(@Value("${pilot.gateway.retry-after:5s}") Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> invalidMilestone(InvalidMilestoneException ex, ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"The milestone has " + ex.errors().size() + " invalid field(s); see errors.");
		problem.setType(INVALID_MILESTONE);
		problem.setTitle("Invalid milestone");
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		problem.setProperty("errors", ex.errors());
		return Mono.just(ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> brokerUnavailable(BrokerUnavailableException ex, ServerWebExchange exchange) {
		logger.warn("Answering 503: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The event log did not confirm the milestone, so it was not accepted. Post it again after "
						+ this.retryAfter.toSeconds() + " s; posting the same milestone again is safe.");
		problem.setType(BROKER_UNAVAILABLE);
		problem.setTitle("Event log unavailable");
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.retryAfter.toSeconds()))
			.body(problem));
	}

}

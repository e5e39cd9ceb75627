package com.pilottracker.gateway.problem;

import java.net.URI;
import java.time.Duration;

import com.pilottracker.gateway.milestone.BrokerUnavailableException;
import com.pilottracker.gateway.milestone.InvalidMilestoneException;
import com.pilottracker.gateway.milestone.MilestoneConflictException;
import com.pilottracker.gateway.receipt.ReceiptNotFoundException;
import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
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

	static final URI MILESTONE_CONFLICT = URI.create("/problems/milestone-conflict");

	static final URI RECEIPT_NOT_FOUND = URI.create("/problems/receipt-not-found");

	static final URI STORE_UNAVAILABLE = URI.create("/problems/receipt-store-unavailable");

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
	Mono<ResponseEntity<ProblemDetail>> conflict(MilestoneConflictException ex, ServerWebExchange exchange) {
		return problem(HttpStatus.CONFLICT, MILESTONE_CONFLICT, "Milestone conflict", ex.getMessage(), exchange);
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> notFound(ReceiptNotFoundException ex, ServerWebExchange exchange) {
		return problem(HttpStatus.NOT_FOUND, RECEIPT_NOT_FOUND, "No such milestone", ex.getMessage(), exchange);
	}

	@ExceptionHandler({ DataAccessException.class, R2dbcException.class })
	Mono<ResponseEntity<ProblemDetail>> storeUnavailable(Exception ex, ServerWebExchange exchange) {
		logger.warn("Answering 503: the receipt store failed: {}", ex.toString());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The receipt store did not answer, so the milestone is not confirmed. Post the same milestone again after "
						+ this.retryAfter.toSeconds() + " s; posting the same milestone again is safe.");
		problem.setType(STORE_UNAVAILABLE);
		problem.setTitle("Receipt store unavailable");
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.retryAfter.toSeconds()))
			.body(problem));
	}

	private static Mono<ResponseEntity<ProblemDetail>> problem(HttpStatus status, URI type, String title, String detail,
			ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return Mono.just(ResponseEntity.status(status).body(problem));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> brokerUnavailable(BrokerUnavailableException ex, ServerWebExchange exchange) {
		logger.warn("Answering 503: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The event log did not confirm the milestone in time, so it is not accepted yet. Post the same milestone again after "
						+ this.retryAfter.toSeconds() + " s; posting the same milestone again is safe.");
		problem.setType(BROKER_UNAVAILABLE);
		problem.setTitle("Event log unavailable");
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.retryAfter.toSeconds()))
			.body(problem));
	}

}

package com.pilottracker.gateway.problem;

import java.time.Duration;

import com.pilottracker.kafka.Failures;
import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers every error as an RFC 9457 problem body: Spring's own (400, 404, 405, 406, 413,
 * 415, …) through {@link ResponseEntityExceptionHandler}, a failing receipt store as 503
 * with {@code Retry-After}. The features answer their own errors (see the
 * {@code …ProblemHandler} beside each) with the bodies of {@link Problems}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	private final Duration retryAfter;

	ProblemHandler(@Value("${pilot.gateway.retry-after:5s}") Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> forbidden(ForbiddenException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(Problems.forbidden(ex.getMessage()), exchange));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> conflict(ConflictException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(Problems.conflictWithStored(ex.getMessage()), exchange));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> notFound(NotFoundException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(Problems.notFound(ex.getMessage()), exchange));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> invalid(InvalidRequestException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(Problems.invalidRequest(ex.errors()), exchange));
	}

	@ExceptionHandler({ DataAccessException.class, R2dbcException.class })
	Mono<ResponseEntity<ProblemDetail>> storeUnavailable(Exception ex, ServerWebExchange exchange) {
		if (Failures.isPermanent(ex)) {
			// the checks at the door should have refused it: a gap to close, not a
			// reason to have the client retry for ever
			logger.error("Answering 422: the database refused a value the checks let through: {}",
					Failures.summarise(ex));
			return Mono.just(Problems.answer(Problems.refusedValue(), exchange));
		}
		logger.warn("Answering 503: the receipt store failed: {}", ex.toString());
		return Mono.just(Problems.unavailable(Problems.storeUnavailable(this.retryAfter), this.retryAfter, exchange));
	}

}

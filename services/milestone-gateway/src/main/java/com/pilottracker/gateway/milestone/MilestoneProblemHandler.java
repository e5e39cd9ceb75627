package com.pilottracker.gateway.milestone;

import java.time.Duration;

import com.pilottracker.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Problem answers for posting milestones: 422, 409, and 503 when the event log does not
 * confirm.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MilestoneProblemHandler {

	private static final Logger logger = LoggerFactory.getLogger(MilestoneProblemHandler.class);

	private final Duration retryAfter;

	MilestoneProblemHandler(@Value("${pilot.gateway.retry-after:5s}") Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> invalid(InvalidMilestoneException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(Problems.invalidMilestone(ex.errors()), exchange));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> conflict(MilestoneConflictException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(Problems.conflict(ex.getMessage()), exchange));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> brokerUnavailable(BrokerUnavailableException ex, ServerWebExchange exchange) {
		logger.warn("Answering 503: {}", ex.getMessage());
		return Mono
			.just(Problems.unavailable(Problems.eventLogUnavailable(this.retryAfter), this.retryAfter, exchange));
	}

}

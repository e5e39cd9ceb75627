package com.pilottracker.gateway.receipt;

import com.pilottracker.gateway.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** Problem answers for receipts: 404 for a milestone that was never accepted. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReceiptProblemHandler {

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> notFound(ReceiptNotFoundException ex, ServerWebExchange exchange) {
		return Mono.just(Problems.answer(
				Problems.of(HttpStatus.NOT_FOUND, Problems.RECEIPT_NOT_FOUND, "No such milestone", ex.getMessage()),
				exchange));
	}

}

package com.pilottracker.gateway.problem;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's RFC 9457 problem bodies, one place for their types, titles and wording.
 */
public final class Problems {

	public static final URI INVALID_MILESTONE = URI.create("/problems/invalid-milestone");

	public static final URI MILESTONE_CONFLICT = URI.create("/problems/milestone-conflict");

	public static final URI EVENT_LOG_UNAVAILABLE = URI.create("/problems/event-log-unavailable");

	public static final URI STORE_UNAVAILABLE = URI.create("/problems/receipt-store-unavailable");

	public static final URI RECEIPT_NOT_FOUND = URI.create("/problems/receipt-not-found");

	public static final URI TOO_LARGE = URI.create("/problems/content-too-large");

	public static final URI CONFLICT = URI.create("/problems/conflict");

	public static final URI FORBIDDEN = URI.create("/problems/forbidden");

	public static final URI NOT_FOUND = URI.create("/problems/not-found");

	public static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");

	public static final URI REFUSED_VALUE = URI.create("/problems/refused-value");

	private Problems() {
	}

	public static ProblemDetail invalidMilestone(List<FieldError> errors) {
		ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_MILESTONE, "Invalid milestone",
				"The milestone has " + errors.size() + " invalid field(s); see errors.");
		problem.setProperty("errors", errors);
		return problem;
	}

	public static ProblemDetail conflictWithStored(String detail) {
		return of(HttpStatus.CONFLICT, CONFLICT, "Conflict", detail);
	}

	public static ProblemDetail forbidden(String detail) {
		return of(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", detail);
	}

	public static ProblemDetail notFound(String detail) {
		return of(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", detail);
	}

	public static ProblemDetail invalidRequest(List<FieldError> errors) {
		ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_REQUEST, "Invalid request",
				"The request has " + errors.size() + " invalid field(s); see errors.");
		problem.setProperty("errors", errors);
		return problem;
	}

	public static ProblemDetail conflict(String detail) {
		return of(HttpStatus.CONFLICT, MILESTONE_CONFLICT, "Milestone conflict", detail);
	}

	public static ProblemDetail eventLogUnavailable(Duration retryAfter) {
		return of(HttpStatus.SERVICE_UNAVAILABLE, EVENT_LOG_UNAVAILABLE, "Event log unavailable",
				"The event log did not confirm the milestone in time, so it is not accepted yet. Post the same "
						+ "milestone again after " + retryAfter.toSeconds() + " s; posting it again is safe.");
	}

	public static ProblemDetail storeUnavailable(Duration retryAfter) {
		return of(HttpStatus.SERVICE_UNAVAILABLE, STORE_UNAVAILABLE, "Receipt store unavailable",
				"The receipt store did not answer, so the milestone is not confirmed. Post the same milestone "
						+ "again after " + retryAfter.toSeconds() + " s; posting it again is safe.");
	}

	/**
	 * A value the database refuses although the checks took it (SQLSTATE 22, 23, 54):
	 * posting it again cannot help.
	 */
	public static ProblemDetail refusedValue() {
		return of(HttpStatus.UNPROCESSABLE_CONTENT, REFUSED_VALUE, "Value refused",
				"The database refused a value of this request, so nothing was stored; posting it again will not help. "
						+ "Check the request's text for characters that are not printable.");
	}

	public static ProblemDetail tooLarge(String detail) {
		return of(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, "Content too large", detail);
	}

	public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	/** A 503 with {@code Retry-After}, for the problem given. */
	public static ResponseEntity<ProblemDetail> unavailable(ProblemDetail problem, Duration retryAfter,
			ServerWebExchange exchange) {
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()))
			.body(problem);
	}

	/** A problem answer with its {@code instance}. */
	public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem, ServerWebExchange exchange) {
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}

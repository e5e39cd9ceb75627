package com.pilottracker.gateway.programme;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A revision made against another revision than the one in force (412), or without saying
 * which (428).
 */
class PreconditionException extends ErrorResponseException {

	private PreconditionException(HttpStatus status, String type, String title, String detail) {
		super(status, problem(status, type, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(type));
		problem.setTitle(title);
		return problem;
	}

	static PreconditionException failed(String detail) {
		return new PreconditionException(HttpStatus.PRECONDITION_FAILED, "/problems/revision-conflict",
				"Not the revision in force", detail);
	}

	static PreconditionException required(String detail) {
		return new PreconditionException(HttpStatus.PRECONDITION_REQUIRED, "/problems/revision-required",
				"Which revision is revised?", detail);
	}

}

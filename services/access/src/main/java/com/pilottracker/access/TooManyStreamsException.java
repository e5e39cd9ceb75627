package com.pilottracker.access;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A key asked for one stream more than it may hold open: 429 with a problem body.
 */
public class TooManyStreamsException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	TooManyStreamsException(int maxPerKey) {
		super(HttpStatus.TOO_MANY_REQUESTS, problem(maxPerKey), null);
	}

	private static ProblemDetail problem(int maxPerKey) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"This key has " + maxPerKey + " streams open on this service, as many as a key may hold; close one "
						+ "before opening another.");
		problem.setType(URI.create("/problems/too-many-streams"));
		problem.setTitle("Too many streams");
		return problem;
	}

}

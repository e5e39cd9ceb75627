package com.pilottracker.gateway.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A revision made against another revision than the one in force (412), or without saying
 * which (428); and the entity tags of revisions ({@code "3"}) that decide it.
 */
public class PreconditionException extends ErrorResponseException {

	private PreconditionException(HttpStatus status, String type, String title, String detail) {
		super(status, problem(status, type, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(type));
		problem.setTitle(title);
		return problem;
	}

	public static PreconditionException failed(String detail) {
		return new PreconditionException(HttpStatus.PRECONDITION_FAILED, "/problems/revision-conflict",
				"Not the revision in force", detail);
	}

	public static PreconditionException required(String detail) {
		return new PreconditionException(HttpStatus.PRECONDITION_REQUIRED, "/problems/revision-required",
				"Which revision is revised?", detail);
	}

	/** The entity tag of revision {@code revision}: {@code "3"}. */
	public static String tag(int revision) {
		return "\"" + revision + "\"";
	}

	/**
	 * Checks that {@code ifMatch} names revision {@code inForce} of {@code what}
	 * ({@code "programme 'pilot'"}).
	 * @throws PreconditionException 428 without {@code If-Match}, 412 for another
	 * revision
	 */
	public static void requireRevision(String what, int inForce, String ifMatch) {
		if (ifMatch == null) {
			throw required(capitalised(what) + " is at revision " + inForce
					+ "; say which revision this revises with If-Match: \"" + inForce + "\".");
		}
		String tag = ifMatch.strip();
		if (!tag(inForce).equals(tag.startsWith("W/") ? tag.substring(2) : tag)) {
			throw failed(capitalised(what) + " is at revision " + inForce + ", not "
					+ com.pilottracker.contracts.Text.forLog(ifMatch, 40) + "; read it again and revise that.");
		}
	}

	private static String capitalised(String what) {
		return Character.toUpperCase(what.charAt(0)) + what.substring(1);
	}

}

package com.pilottracker.gateway.problem;

/**
 * The caller is known, but what it asked for is outside its scope: a source not its own,
 * a milestone type its role may not report, an enterprise not contracted with it.
 * Answered 403.
 */
public class ForbiddenException extends RuntimeException {

	public ForbiddenException(String detail) {
		super(detail);
	}

}

package com.pilottracker.gateway.problem;

/**
 * What the request names does not exist. Answered 404.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String detail) {
		super(detail);
	}

}

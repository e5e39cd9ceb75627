package com.pilottracker.gateway.problem;

/**
 * The request contradicts what is stored (a district name with another division code, the
 * revocation of the last office key). Answered 409.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String detail) {
		super(detail);
	}

}

package com.pilottracker.kafka;

/**
 * A record that a consumer cannot apply for a reason retrying will not change
 * ({@link Failures#isPermanent}): the error handler sends it to its topic's dead-letter
 * topic at once, with the cause, and the partition moves on.
 */
public class UnprocessableRecordException extends RuntimeException {

	public UnprocessableRecordException(String message, Throwable cause) {
		super(message, cause);
	}

}

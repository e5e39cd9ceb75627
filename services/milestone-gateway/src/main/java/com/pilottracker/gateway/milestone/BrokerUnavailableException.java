package com.pilottracker.gateway.milestone;

/**
 * Kafka did not acknowledge a milestone in time; nothing was promised to the caller, who
 * is answered 503 with {@code Retry-After} and may post the same milestone again.
 */
public class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(Throwable cause) {
		super("the event log did not acknowledge the milestone: " + cause.getMessage(), cause);
	}

}

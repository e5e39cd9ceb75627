package com.pilottracker.gateway.milestone;

/**
 * A milestone whose source and id were accepted before with another body; answered with
 * 409. A CloudEvent's source and id name one event for good.
 */
public class MilestoneConflictException extends RuntimeException {

	MilestoneConflictException(String source, String id) {
		super("A different milestone '" + id + "' from '" + source
				+ "' was accepted before; a source and id name one milestone for good. Use a new id for a new milestone.");
	}

}

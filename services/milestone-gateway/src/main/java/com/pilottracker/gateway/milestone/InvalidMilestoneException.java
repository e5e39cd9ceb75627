package com.pilottracker.gateway.milestone;

import java.util.List;

import com.pilottracker.gateway.problem.FieldError;

/** A milestone that is well-formed JSON but not a valid milestone; answered with 422. */
public class InvalidMilestoneException extends RuntimeException {

	private final List<FieldError> errors;

	InvalidMilestoneException(List<FieldError> errors) {
		super(errors.size() + " invalid field(s): " + errors);
		this.errors = List.copyOf(errors);
	}

	public List<FieldError> errors() {
		return this.errors;
	}

}

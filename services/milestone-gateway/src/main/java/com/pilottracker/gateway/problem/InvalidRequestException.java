package com.pilottracker.gateway.problem;

import java.util.List;

/**
 * A request to an office operation whose fields are wrong. Answered 422 with the list of
 * field errors.
 */
public class InvalidRequestException extends RuntimeException {

	private final transient List<FieldError> errors;

	public InvalidRequestException(List<FieldError> errors) {
		super(errors.size() + " invalid field(s)");
		this.errors = List.copyOf(errors);
	}

	public InvalidRequestException(String pointer, String detail) {
		this(List.of(new FieldError(pointer, detail)));
	}

	public List<FieldError> errors() {
		return this.errors;
	}

}

package com.pilottracker.gateway.problem;

/**
 * One thing wrong with a request, as listed in a problem body's {@code errors}.
 *
 * @param pointer a JSON Pointer to the field, for example {@code /data/district}
 * @param detail what is wrong, for a person
 */
public record FieldError(String pointer, String detail) {

	/**
	 * What is wrong with the reason an office gives for a change ({@code /reason}), if
	 * anything: it is required, printable, at most 500 characters.
	 */
	public static java.util.Optional<FieldError> ofReason(String reason) {
		if (reason == null || reason.isBlank() || reason.length() > 500) {
			return java.util.Optional
				.of(new FieldError("/reason", "is required, at most 500 characters: why the office makes it"));
		}
		if (!com.pilottracker.contracts.Text.isClean(reason)) {
			return java.util.Optional.of(new FieldError("/reason",
					com.pilottracker.contracts.Text.problem(reason) + "; only printable text is accepted"));
		}
		return java.util.Optional.empty();
	}

}

package com.pilottracker.contracts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stage or an exit of a {@link Programme}, by the name its definition gives it: the
 * pilot's {@code SOLICITED}, {@code CONTRACTED}, {@code PRE_ACCEPTANCE} and
 * {@code WITHDRAWN}; the gradient's {@code INNOVATIVE} … {@code REVOKED}. Which stages
 * there are, in which order, and which of them are exits is the programme's definition,
 * not code.
 *
 * @param name upper-case letters, digits and underscores, at most 40
 */
public record Stage(String name) {

	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

	public Stage {
		Objects.requireNonNull(name, "name");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"a stage name is upper-case letters, digits and underscores, at most 40: '" + Text.forLog(name)
							+ "'");
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}

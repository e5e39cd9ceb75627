package com.pilottracker.contracts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a provider or the office reports: a CloudEvents {@code type} that a
 * {@link Programme} declares, for example {@code pilot.contracted} or
 * {@code gradient.little-giant}. A type begins with the id of the programme that declares
 * it, so no two programmes declare the same type.
 *
 * @param value the CloudEvents {@code type}
 */
public record MilestoneType(String value) {

	private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,39}(\\.[a-z][a-z0-9-]{0,39}){1,3}");

	public MilestoneType {
		Objects.requireNonNull(value, "value");
		if (!TYPE.matcher(value).matches()) {
			throw new IllegalArgumentException(
					"a milestone type is dot-separated lower-case words, the programme's id first: '"
							+ Text.forLog(value) + "'");
		}
	}

	/** The CloudEvents {@code type} attribute, for example {@code pilot.contracted}. */
	public String cloudEventType() {
		return this.value;
	}

	/** The id of the programme whose definition declares the type: its first word. */
	public String programmeId() {
		return this.value.substring(0, this.value.indexOf('.'));
	}

	@Override
	public String toString() {
		return this.value;
	}

}

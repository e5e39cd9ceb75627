package com.pilottracker.access;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is calling, as their API key says.
 *
 * @param keyId the public id of the key used, never the key itself
 * @param principal the provider's id, or the office user's or viewer's name
 * @param role what the caller may do
 */
public record Caller(String keyId, String principal, Role role) {

	/** The CloudEvents {@code source} of everything the programme office reports. */
	public static final String OFFICE_SOURCE = "/programme-office";

	/** The prefix of a provider's CloudEvents {@code source}. */
	public static final String PROVIDER_SOURCE_PREFIX = "/providers/";

	/** A principal's name: lower-case letters, digits and dashes, 2 to 64 characters. */
	public static final Pattern PRINCIPAL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	public Caller {
		Objects.requireNonNull(keyId, "keyId");
		Objects.requireNonNull(principal, "principal");
		Objects.requireNonNull(role, "role");
	}

	/**
	 * The CloudEvents {@code source} this caller reports as: {@code /programme-office}
	 * for the office, {@code /providers/<id>} for a provider, none for a viewer.
	 */
	public String source() {
		return switch (this.role) {
			case OFFICE -> OFFICE_SOURCE;
			case PROVIDER -> PROVIDER_SOURCE_PREFIX + this.principal;
			case VIEWER -> null;
		};
	}

	/** Whether this caller may read or write what {@code source} reported. */
	public boolean owns(String source) {
		return this.role == Role.OFFICE || (source != null && source.equals(source()));
	}

	@Override
	public String toString() {
		return this.role + " " + this.principal + " (key " + this.keyId + ")";
	}

}

package com.pilottracker.contracts;

/**
 * Who reported a milestone, as its CloudEvents {@code source} says: the programme office
 * ({@code /programme-office}), a provider ({@code /providers/<id>}), or a source that is
 * neither (only a producer writing to the topic past the gateway can make one). The
 * gateway lets a caller report only under its own source, so on the topic the source is
 * who reported.
 */
public sealed interface Reporter {

	/** The source of everything the programme office reports. */
	String OFFICE_SOURCE = "/programme-office";

	/** The prefix of a provider's source. */
	String PROVIDER_SOURCE_PREFIX = "/providers/";

	static Reporter of(String source) {
		if (OFFICE_SOURCE.equals(source)) {
			return new Office();
		}
		if (source != null && source.startsWith(PROVIDER_SOURCE_PREFIX)
				&& source.length() > PROVIDER_SOURCE_PREFIX.length()) {
			return new Provider(source.substring(PROVIDER_SOURCE_PREFIX.length()));
		}
		return new Unknown(source);
	}

	/** The programme office: it may report any step for any enterprise. */
	record Office() implements Reporter {
	}

	/**
	 * A provider.
	 *
	 * @param id its id, as in {@code data.provider} of the contracts naming it
	 */
	record Provider(String id) implements Reporter {
	}

	/**
	 * A source that is neither: trusted with nothing a provider is not.
	 *
	 * @param source the source as given
	 */
	record Unknown(String source) implements Reporter {
	}

}

package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants as the value of a statement's {@code timestamptz[]} parameter. The driver
 * writes an array as text, and each {@link OffsetDateTime} in it through a general
 * formatter: rounded to the microsecond (half up), in the years 1 to 9999 as ISO-8601
 * digits. Written here the same way (in UTC), PostgreSQL reads the same
 * {@code timestamptz}s for a fraction of the cost, which counts when a rebuild writes a
 * few of them per change. An array with an instant outside those years is left to the
 * driver, which writes such an instant with its era, or as infinity.
 */
final class Timestamps {

	/** 0001-01-01T00:00:00Z. */
	private static final long FIRST = -62_135_596_800L;

	/** 10000-01-01T00:00:00Z. */
	private static final long AFTER_LAST = 253_402_300_800L;

	private Timestamps() {
	}

	/**
	 * The parameter's value: texts PostgreSQL reads as these instants, or the driver's
	 * own values if one lies outside the years 1 to 9999.
	 */
	static Object of(Instant[] instants) {
		String[] texts = new String[instants.length];
		StringBuilder text = new StringBuilder(27);
		for (int i = 0; i < instants.length; i++) {
			if (instants[i] == null) {
				continue;
			}
			Instant at = StoredJson.microseconds(instants[i]);
			if (at.getEpochSecond() < FIRST || at.getEpochSecond() >= AFTER_LAST) {
				return driversValues(instants);
			}
			text.setLength(0);
			StoredJson.instant(text, at);
			texts[i] = text.toString();
		}
		return texts;
	}

	private static OffsetDateTime[] driversValues(Instant[] instants) {
		OffsetDateTime[] values = new OffsetDateTime[instants.length];
		for (int i = 0; i < instants.length; i++) {
			values[i] = (instants[i] != null) ? instants[i].atOffset(ZoneOffset.UTC) : null;
		}
		return values;
	}

}

package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jsonb values the projection stores: attributes (name to value) and, in
 * {@code change_log}, the stage times (stage to instant).
 * <p>
 * An instant is written as {@code V4__programmes.sql} wrote the release before's
 * {@code timestamptz} columns: ISO-8601 in UTC with six fractional digits, rounded to the
 * microsecond as PostgreSQL rounds a {@code timestamptz}. So a history row migrated and
 * the same row written by a rebuild are the same text.
 */
public final class StoredJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {
	};

	private static final Comparator<Stage> BY_NAME = Comparator.comparing(Stage::name);

	private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000 };

	private StoredJson() {
	}

	/** What an empty map is written as. */
	static final String NONE = "{}";

	/** The attributes as a jsonb text, keys in order. */
	public static String attributes(Map<String, String> attributes) {
		// most programmes declare none: no writer for them
		return attributes.isEmpty() ? NONE : JSON.writeValueAsString(new TreeMap<>(attributes));
	}

	/** Attributes read back; an empty map for {@code null}. */
	public static Map<String, String> attributes(String json) {
		return (json == null || NONE.equals(json)) ? Map.of() : JSON.readValue(json, TEXTS);
	}

	/**
	 * The stage times as a jsonb text, in the stages' names' order, as the JSON writer
	 * writes a sorted map of names to instants. Written by hand: a stage's name is
	 * upper-case letters, digits and underscores, and an instant digits and
	 * {@code -:.TZ}, so nothing needs escaping; a rebuild writes one per change.
	 */
	public static String reachedAt(Map<Stage, Instant> reachedAt) {
		if (reachedAt.isEmpty()) {
			return NONE;
		}
		Stage[] stages = reachedAt.keySet().toArray(new Stage[0]);
		Arrays.sort(stages, BY_NAME);
		StringBuilder json = new StringBuilder(2 + 48 * stages.length);
		json.append('{');
		for (Stage stage : stages) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(stage.name()).append("\":\"");
			instant(json, microseconds(reachedAt.get(stage)));
			json.append('"');
		}
		return json.append('}').toString();
	}

	/** Appends the instant as {@link #INSTANT} formats it. */
	static void instant(StringBuilder text, Instant at) {
		LocalDateTime utc = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
		if (utc.getYear() < 1 || utc.getYear() > 9999) {
			// the pattern signs a year of more than four digits, and one before year 1
			INSTANT.formatTo(at, text);
			return;
		}
		digits(text, utc.getYear(), 4).append('-');
		digits(text, utc.getMonthValue(), 2).append('-');
		digits(text, utc.getDayOfMonth(), 2).append('T');
		digits(text, utc.getHour(), 2).append(':');
		digits(text, utc.getMinute(), 2).append(':');
		digits(text, utc.getSecond(), 2).append('.');
		digits(text, utc.getNano() / 1_000, 6).append('Z');
	}

	/** Appends {@code value} (not negative) as {@code width} digits, zeros first. */
	private static StringBuilder digits(StringBuilder text, int value, int width) {
		for (int scale = POWERS[width - 1]; scale > 0; scale /= 10) {
			text.append((char) ('0' + (value / scale) % 10));
		}
		return text;
	}

	/**
	 * Stage times read back, in the programme's order (a stage the definition does not
	 * have, last).
	 */
	public static Map<Stage, Instant> reachedAt(String json, Programme definition) {
		Map<String, String> texts = (json == null) ? Map.of() : JSON.readValue(json, TEXTS);
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		if (definition != null) {
			for (Stage stage : definition.allStages()) {
				String at = texts.get(stage.name());
				if (at != null) {
					reachedAt.put(stage, Instant.parse(at));
				}
			}
		}
		texts.forEach((stage, at) -> reachedAt.putIfAbsent(new Stage(stage), Instant.parse(at)));
		return reachedAt;
	}

	/** The instant as PostgreSQL stores it in a {@code timestamptz}. */
	static Instant microseconds(Instant at) {
		return at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
	}

}

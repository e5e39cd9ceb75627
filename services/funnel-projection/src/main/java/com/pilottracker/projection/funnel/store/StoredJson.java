package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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

	private StoredJson() {
	}

	/** The attributes as a jsonb text, keys in order. */
	public static String attributes(Map<String, String> attributes) {
		return JSON.writeValueAsString(new TreeMap<>(attributes));
	}

	/** Attributes read back; an empty map for {@code null}. */
	public static Map<String, String> attributes(String json) {
		return (json == null) ? Map.of() : JSON.readValue(json, TEXTS);
	}

	/** The stage times as a jsonb text. */
	public static String reachedAt(Map<Stage, Instant> reachedAt) {
		Map<String, String> texts = new TreeMap<>();
		reachedAt.forEach((stage, at) -> texts.put(stage.name(), INSTANT.format(microseconds(at))));
		return JSON.writeValueAsString(texts);
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

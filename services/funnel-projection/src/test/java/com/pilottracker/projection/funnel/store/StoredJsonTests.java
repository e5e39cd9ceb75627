package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StoredJsonTests {

	/** How the stage times were written before they were written by hand. */
	private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void writesTheStageTimesAsTheJsonWriterWritesASortedMapOfTexts() {
		Random random = new Random(13);
		List<Stage> stages = Programmes.gradient().allStages();
		for (int i = 0; i < 5_000; i++) {
			Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
			for (Stage stage : stages) {
				if (random.nextInt(3) > 0) {
					reachedAt.put(stage, Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
							random.nextInt(1_000_000_000)));
				}
			}
			assertThat(StoredJson.reachedAt(reachedAt)).isEqualTo(byTheJsonWriter(reachedAt));
		}
	}

	@Test
	void writesTheEdgesOfTheYearsAsTheFormatterDoes() {
		Stage stage = new Stage("SOLICITED");
		for (Instant at : List.of(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
				Instant.parse("9999-12-31T23:59:59.9999995Z"), Instant.parse("0000-12-31T23:59:59Z"),
				Instant.parse("-0001-06-01T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.EPOCH,
				Instant.parse("2024-02-29T12:34:56.0000004Z"), Instant.parse("2024-02-29T12:34:56.0000005Z"))) {
			assertThat(StoredJson.reachedAt(Map.of(stage, at))).as(at.toString())
				.isEqualTo(byTheJsonWriter(Map.of(stage, at)));
		}
		assertThat(StoredJson.reachedAt(Map.of())).isEqualTo(byTheJsonWriter(Map.of())).isEqualTo("{}");
	}

	@Test
	void writesAndReadsAttributesAsTheJsonWriterDoes() {
		assertThat(StoredJson.attributes(Map.of())).isEqualTo(JSON.writeValueAsString(new TreeMap<>()));
		Map<String, String> attributes = Map.of("highTech", "true", "name", "厦门 \"quoted\" \\ /");
		assertThat(StoredJson.attributes(attributes)).isEqualTo(JSON.writeValueAsString(new TreeMap<>(attributes)));
		assertThat(StoredJson.attributes(StoredJson.attributes(attributes))).isEqualTo(attributes);
		assertThat(StoredJson.attributes("{}")).isEmpty();
		assertThat(StoredJson.attributes((String) null)).isEmpty();
	}

	private static String byTheJsonWriter(Map<Stage, Instant> reachedAt) {
		Map<String, String> texts = new TreeMap<>();
		reachedAt.forEach((stage, at) -> texts.put(stage.name(), INSTANT.format(StoredJson.microseconds(at))));
		return JSON.writeValueAsString(texts);
	}

}

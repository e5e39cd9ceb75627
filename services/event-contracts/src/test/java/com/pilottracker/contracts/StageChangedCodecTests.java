package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Pins the wire format of {@code pilot.stage-changes}. */
class StageChangedCodecTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final StageChanged CHANGE = new StageChanged(StageChangedCodec.eventIdFor("pilot", ENTERPRISE, 2), "pilot",
			ENTERPRISE, new Stage("SOLICITED"), new Stage("CONTRACTED"), 2,
			inOrder(new Stage("SOLICITED"), Instant.parse("2024-03-01T02:00:00Z"), new Stage("CONTRACTED"),
					Instant.parse("2024-05-06T01:30:00Z")),
			Instant.parse("2024-05-06T01:30:00Z"), Instant.parse("2024-05-06T01:30:02.125Z"), "/providers/ceprei",
			"m-42", "思明区", "电子信息", "ceprei", Map.of());

	@Test
	void writesTheGoldenRecord() {
		WireRecord record = StageChangedCodec.encode(CHANGE);

		assertThat(record.key()).isEqualTo("91350203MA2YQ8LX3K");
		assertThat(record.headers()).containsEntry("ce_type", "pilot.stage-changed")
			.containsEntry("ce_source", "/pilot-lifecycle")
			.containsEntry("ce_id", CHANGE.eventId())
			.containsEntry("ce_subject", "91350203MA2YQ8LX3K")
			.containsEntry("ce_time", "2024-05-06T01:30:00Z")
			.containsEntry("content-type", "application/json")
			.containsEntry("ce_programme", "pilot");
		assertThat(new String(record.value(), StandardCharsets.UTF_8))
			.isEqualTo("{\"from\":\"SOLICITED\",\"to\":\"CONTRACTED\",\"version\":2,"
					+ "\"reachedAt\":{\"SOLICITED\":\"2024-03-01T02:00:00Z\",\"CONTRACTED\":\"2024-05-06T01:30:00Z\"},"
					+ "\"recordedAt\":\"2024-05-06T01:30:02.125Z\",\"milestoneSource\":\"/providers/ceprei\","
					+ "\"milestoneId\":\"m-42\",\"district\":\"思明区\",\"industry\":\"电子信息\",\"provider\":\"ceprei\"}");
	}

	@Test
	void readsWhatItWrites() {
		assertThat(StageChangedCodec.decode(StageChangedCodec.encode(CHANGE))).isEqualTo(CHANGE);
	}

	@Test
	void derivesTheSameEventIdFromTheSameEnterpriseAndVersion() {
		assertThat(StageChangedCodec.eventIdFor("pilot", ENTERPRISE, 2)).isEqualTo(CHANGE.eventId())
			.isNotEqualTo(StageChangedCodec.eventIdFor("pilot", ENTERPRISE, 3));
	}

	@Test
	void refusesAChangeWhoseCurrentStageWasNeverReached() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new StageChanged("e", "pilot",
				ENTERPRISE, null, new Stage("CONTRACTED"), 1, Map.of(new Stage("SOLICITED"), Instant.EPOCH),
				Instant.EPOCH, Instant.EPOCH, "s", "m", null, null, null, null));
	}

	@Test
	void readsARecordWithoutAProgrammeAsThePilots() {
		WireRecord written = StageChangedCodec.encode(CHANGE);
		Map<String, String> headers = new LinkedHashMap<>(written.headers());
		headers.remove("ce_programme");

		assertThat(StageChangedCodec.decode(new WireRecord(written.key(), headers, written.value()))).isEqualTo(CHANGE);
	}

	@Test
	void carriesAnotherProgrammesStagesAndAttributesInTheProgrammesOrder() {
		Stage innovative = new Stage("INNOVATIVE");
		Stage specialised = new Stage("SPECIALISED");
		StageChanged change = new StageChanged(StageChangedCodec.eventIdFor("gradient", ENTERPRISE, 2), "gradient",
				ENTERPRISE, innovative, specialised, 2,
				inOrder(innovative, Instant.parse("2022-03-01T02:00:00Z"), specialised,
						Instant.parse("2023-05-06T01:30:00Z")),
				Instant.parse("2023-05-06T01:30:00Z"), Instant.parse("2023-05-06T01:30:02Z"), "/programme-office",
				"g-2", "思明区", "电子信息", null, Map.of("highTech", "true"));

		WireRecord record = StageChangedCodec.encode(change);

		assertThat(record.header("ce_programme")).isEqualTo("gradient");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains(
				"\"reachedAt\":{\"INNOVATIVE\":\"2022-03-01T02:00:00Z\",\"SPECIALISED\":\"2023-05-06T01:30:00Z\"}",
				"\"attributes\":{\"highTech\":\"true\"}");
		assertThat(StageChangedCodec.decode(record)).isEqualTo(change);
		assertThat(change.eventId()).isNotEqualTo(StageChangedCodec.eventIdFor("pilot", ENTERPRISE, 2));
	}

	private static Map<Stage, Instant> inOrder(Stage first, Instant firstAt, Stage second, Instant secondAt) {
		Map<Stage, Instant> reached = new LinkedHashMap<>();
		reached.put(first, firstAt);
		reached.put(second, secondAt);
		return reached;
	}

	@Test
	void refusesARecordOfAnotherType() {
		WireRecord milestone = MilestoneCodec.encode(MilestoneCodecTests.CONTRACTED);

		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> StageChangedCodec.decode(milestone))
			.withMessageContaining("pilot.contracted");
	}

}

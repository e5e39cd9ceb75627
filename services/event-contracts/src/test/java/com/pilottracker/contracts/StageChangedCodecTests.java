package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Pins the wire format of {@code pilot.stage-changes}. */
class StageChangedCodecTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final StageChanged CHANGE = new StageChanged(StageChangedCodec.eventIdFor(ENTERPRISE, 2), ENTERPRISE,
			Stage.SOLICITED, Stage.CONTRACTED, 2,
			Map.of(Stage.SOLICITED, Instant.parse("2024-03-01T02:00:00Z"), Stage.CONTRACTED,
					Instant.parse("2024-05-06T01:30:00Z")),
			Instant.parse("2024-05-06T01:30:00Z"), Instant.parse("2024-05-06T01:30:02.125Z"), "/providers/ceprei",
			"m-42", "思明区", "电子信息", "ceprei");

	@Test
	void writesTheGoldenRecord() {
		WireRecord record = StageChangedCodec.encode(CHANGE);

		assertThat(record.key()).isEqualTo("91350203MA2YQ8LX3K");
		assertThat(record.headers()).containsEntry("ce_type", "pilot.stage-changed")
			.containsEntry("ce_source", "/pilot-lifecycle")
			.containsEntry("ce_id", CHANGE.eventId())
			.containsEntry("ce_subject", "91350203MA2YQ8LX3K")
			.containsEntry("ce_time", "2024-05-06T01:30:00Z")
			.containsEntry("content-type", "application/json");
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
		assertThat(StageChangedCodec.eventIdFor(ENTERPRISE, 2)).isEqualTo(CHANGE.eventId())
			.isNotEqualTo(StageChangedCodec.eventIdFor(ENTERPRISE, 3));
	}

	@Test
	void refusesAChangeWhoseCurrentStageWasNeverReached() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new StageChanged("e", ENTERPRISE, null, Stage.CONTRACTED, 1,
					Map.of(Stage.SOLICITED, Instant.EPOCH), Instant.EPOCH, Instant.EPOCH, "s", "m", null, null, null));
	}

	@Test
	void refusesARecordOfAnotherType() {
		WireRecord milestone = MilestoneCodec.encode(MilestoneCodecTests.CONTRACTED);

		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> StageChangedCodec.decode(milestone))
			.withMessageContaining("pilot.contracted");
	}

}

package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Pins the wire format of {@code pilot.milestones.decided} and
 * {@code pilot.milestones.rejected}.
 */
class MilestoneDecidedCodecTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final MilestoneDecided REJECTED = new MilestoneDecided(
			MilestoneDecidedCodec.eventIdFor("/providers/ceprei", "m-7", 1), ENTERPRISE, "/providers/ceprei", "m-7",
			new MilestoneType("pilot.contracted"), Instant.parse("2024-05-06T01:30:00Z"), MilestoneStatus.REJECTED,
			RejectionReason.AFTER_WITHDRAWAL, "the pilot was withdrawn", null, 1,
			Instant.parse("2024-05-06T01:30:02Z"));

	static final MilestoneDecided HELD = new MilestoneDecided(
			MilestoneDecidedCodec.eventIdFor("/providers/ceprei", "m-8", 1), ENTERPRISE, "/providers/ceprei", "m-8",
			new MilestoneType("pilot.pre-acceptance"), Instant.parse("2024-09-06T01:30:00Z"), MilestoneStatus.HELD,
			null, "waiting for CONTRACTED", new Stage("CONTRACTED"), 1, Instant.parse("2024-09-06T01:30:02Z"));

	@Test
	void writesTheGoldenRecord() {
		WireRecord record = MilestoneDecidedCodec.encode(REJECTED);

		assertThat(record.key()).isEqualTo("91350203MA2YQ8LX3K");
		assertThat(record.headers()).containsEntry("ce_type", "pilot.milestone-decided")
			.containsEntry("ce_source", "/pilot-lifecycle")
			.containsEntry("ce_time", "2024-05-06T01:30:02Z")
			.containsEntry("ce_subject", "91350203MA2YQ8LX3K");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(
				"{\"milestoneSource\":\"/providers/ceprei\",\"milestoneId\":\"m-7\",\"type\":\"pilot.contracted\","
						+ "\"occurredAt\":\"2024-05-06T01:30:00Z\",\"status\":\"REJECTED\",\"reason\":\"AFTER_WITHDRAWAL\","
						+ "\"detail\":\"the pilot was withdrawn\",\"decisionVersion\":1}");
	}

	@Test
	void readsWhatItWritesOnBothTopics() {
		assertThat(MilestoneDecidedCodec.decode(MilestoneDecidedCodec.encode(REJECTED))).isEqualTo(REJECTED);
		assertThat(MilestoneDecidedCodec.decode(MilestoneDecidedCodec.encodeRejection(REJECTED)))
			.usingRecursiveComparison()
			.ignoringFields("eventId")
			.isEqualTo(REJECTED);
		assertThat(MilestoneDecidedCodec.decode(MilestoneDecidedCodec.encode(HELD))).isEqualTo(HELD);
	}

	@Test
	void putsOnlyRejectionsOnTheRejectionTopic() {
		assertThatIllegalArgumentException().isThrownBy(() -> MilestoneDecidedCodec.encodeRejection(HELD));
		WireRecord rejection = MilestoneDecidedCodec.encodeRejection(REJECTED);
		assertThat(rejection.header("ce_type")).isEqualTo("pilot.milestone-rejected");
		assertThat(rejection.header("ce_id")).isEqualTo(MilestoneDecidedCodec.rejectionIdFor(REJECTED.eventId()))
			.isNotEqualTo(REJECTED.eventId());
	}

	@Test
	void refusesADecisionWithoutItsReasonOrStage() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MilestoneDecided("e", ENTERPRISE, "s", "m", new MilestoneType("pilot.contracted"),
					Instant.EPOCH, MilestoneStatus.REJECTED, null, "d", null, 1, Instant.EPOCH));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MilestoneDecided("e", ENTERPRISE, "s", "m", new MilestoneType("pilot.contracted"),
					Instant.EPOCH, MilestoneStatus.HELD, null, "d", null, 1, Instant.EPOCH));
	}

	@Test
	void refusesAStageChangeReadAsADecision() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> MilestoneDecidedCodec.decode(StageChangedCodec.encode(StageChangedCodecTests.CHANGE)))
			.withMessageContaining("pilot.stage-changed");
	}

}

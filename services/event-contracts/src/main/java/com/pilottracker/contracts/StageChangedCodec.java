package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads a {@link StageChanged} as a CloudEvents binary-mode Kafka record on
 * {@link Topics#STAGE_CHANGES}: type {@value #TYPE}, source {@value #SOURCE}, key = USCC.
 */
public final class StageChangedCodec {

	public static final String TYPE = "pilot.stage-changed";

	public static final String SOURCE = "/pilot-lifecycle";

	private StageChangedCodec() {
	}

	/**
	 * The id of an enterprise's change {@code version}: the same change always has the
	 * same id.
	 */
	public static String eventIdFor(Uscc enterprise, long version) {
		return UUID
			.nameUUIDFromBytes(
					("stage-changed\n" + enterprise.value() + "\n" + version).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	public static WireRecord encode(StageChanged change) {
		Map<String, String> headers = CloudEventHeaders.binaryMode(change.eventId(), SOURCE, TYPE,
				change.enterprise().value(), change.occurredAt());
		Map<String, String> reachedAt = new LinkedHashMap<>();
		for (Stage stage : Stage.IN_ORDER) {
			if (change.hasReached(stage)) {
				reachedAt.put(stage.name(), change.reachedAt().get(stage).toString());
			}
		}
		Payload payload = new Payload((change.from() != null) ? change.from().name() : null, change.to().name(),
				change.version(), reachedAt, change.recordedAt().toString(), change.milestoneSource(),
				change.milestoneId(), change.district(), change.industry(), change.provider());
		return new WireRecord(change.enterprise().value(), headers, MilestoneCodec.json(payload));
	}

	/**
	 * Reads a stage-change record.
	 * @throws MalformedEventException if the record is not a stage change
	 */
	public static StageChanged decode(WireRecord record) {
		CloudEventHeaders.requireVersion1(record);
		String type = MilestoneCodec.required(record, CloudEventHeaders.TYPE);
		if (!TYPE.equals(type)) {
			throw new MalformedEventException(
					"unexpected ce_type '" + Text.forLog(type) + "' on " + Topics.STAGE_CHANGES);
		}
		Payload payload = MilestoneCodec.payload(record.value(), Payload.class);
		if (payload == null || payload.to() == null) {
			throw new MalformedEventException("stage change without a target stage");
		}
		try {
			Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
			if (payload.reachedAt() != null) {
				payload.reachedAt()
					.forEach((stage, at) -> reachedAt.put(Stage.valueOf(stage),
							MilestoneCodec.instant(at, "reachedAt")));
			}
			return new StageChanged(MilestoneCodec.required(record, CloudEventHeaders.ID),
					new Uscc(MilestoneCodec.required(record, CloudEventHeaders.SUBJECT)),
					(payload.from() != null) ? Stage.valueOf(payload.from()) : null, Stage.valueOf(payload.to()),
					payload.version(), reachedAt,
					MilestoneCodec.instant(MilestoneCodec.required(record, CloudEventHeaders.TIME),
							CloudEventHeaders.TIME),
					MilestoneCodec.instant(payload.recordedAt(), "recordedAt"),
					MilestoneCodec.text(payload.milestoneSource(), "milestoneSource"),
					MilestoneCodec.text(payload.milestoneId(), "milestoneId"),
					MilestoneCodec.text(payload.district(), "district"),
					MilestoneCodec.text(payload.industry(), "industry"),
					MilestoneCodec.text(payload.provider(), "provider"));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new MalformedEventException("bad stage change: " + ex.getMessage(), ex);
		}
	}

	record Payload(String from, String to, long version, Map<String, String> reachedAt, String recordedAt,
			String milestoneSource, String milestoneId, String district, String industry, String provider) {
	}

}

package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads a {@link MilestoneDecided} as a CloudEvents binary-mode Kafka record:
 * type {@value #TYPE} on {@link Topics#MILESTONE_DECISIONS}, type {@value #REJECTED_TYPE}
 * (the same payload) on {@link Topics#MILESTONE_REJECTIONS}; key = USCC.
 */
public final class MilestoneDecidedCodec {

	public static final String TYPE = "pilot.milestone-decided";

	public static final String REJECTED_TYPE = "pilot.milestone-rejected";

	private MilestoneDecidedCodec() {
	}

	/** The id of a milestone's decision {@code decisionVersion}. */
	public static String eventIdFor(String milestoneSource, String milestoneId, long decisionVersion) {
		return UUID
			.nameUUIDFromBytes(("milestone-decided\n" + milestoneSource + "\n" + milestoneId + "\n" + decisionVersion)
				.getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	/** The record for {@link Topics#MILESTONE_DECISIONS}. */
	public static WireRecord encode(MilestoneDecided decision) {
		return encode(decision, TYPE);
	}

	/**
	 * The record for {@link Topics#MILESTONE_REJECTIONS}; only for a rejection. It is
	 * another event than the decision, so it has an id of its own
	 * ({@link #rejectionIdFor}).
	 */
	public static WireRecord encodeRejection(MilestoneDecided decision) {
		if (decision.status() != MilestoneStatus.REJECTED) {
			throw new IllegalArgumentException("not a rejection: " + decision.status());
		}
		return encode(decision, REJECTED_TYPE, rejectionIdFor(decision.eventId()));
	}

	/**
	 * The id of the rejection event that goes with the decision {@code decisionEventId}.
	 */
	public static String rejectionIdFor(String decisionEventId) {
		return UUID.nameUUIDFromBytes(("milestone-rejected\n" + decisionEventId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	private static WireRecord encode(MilestoneDecided decision, String type) {
		return encode(decision, type, decision.eventId());
	}

	private static WireRecord encode(MilestoneDecided decision, String type, String eventId) {
		Map<String, String> headers = CloudEventHeaders.binaryMode(eventId, StageChangedCodec.SOURCE, type,
				decision.enterprise().value(), decision.decidedAt());
		headers.put(CloudEventHeaders.PROGRAMME, decision.programme());
		Payload payload = new Payload(decision.milestoneSource(), decision.milestoneId(),
				decision.type().cloudEventType(), decision.occurredAt().toString(), decision.status().name(),
				(decision.reason() != null) ? decision.reason().name() : null, decision.detail(),
				(decision.waitingFor() != null) ? decision.waitingFor().name() : null, decision.decisionVersion());
		return new WireRecord(decision.enterprise().value(), headers, MilestoneCodec.json(payload));
	}

	/**
	 * Reads a decision record of either type.
	 * @throws MalformedEventException if the record is not a decision
	 */
	public static MilestoneDecided decode(WireRecord record) {
		CloudEventHeaders.requireVersion1(record);
		String type = MilestoneCodec.required(record, CloudEventHeaders.TYPE);
		if (!TYPE.equals(type) && !REJECTED_TYPE.equals(type)) {
			throw new MalformedEventException(
					"unexpected ce_type '" + Text.forLog(type) + "' for a milestone decision");
		}
		Payload payload = MilestoneCodec.payload(record.value(), Payload.class);
		if (payload == null) {
			throw new MalformedEventException("milestone decision without data");
		}
		try {
			return new MilestoneDecided(MilestoneCodec.required(record, CloudEventHeaders.ID),
					new Uscc(MilestoneCodec.required(record, CloudEventHeaders.SUBJECT)),
					MilestoneCodec.text(payload.milestoneSource(), "milestoneSource"),
					MilestoneCodec.text(payload.milestoneId(), "milestoneId"), new MilestoneType(payload.type()),
					MilestoneCodec.instant(payload.occurredAt(), "occurredAt"),
					MilestoneStatus.valueOf(payload.status()),
					(payload.reason() != null) ? RejectionReason.valueOf(payload.reason()) : null,
					MilestoneCodec.text(payload.detail(), "detail"),
					(payload.waitingFor() != null) ? new Stage(payload.waitingFor()) : null, payload.decisionVersion(),
					MilestoneCodec.instant(MilestoneCodec.required(record, CloudEventHeaders.TIME), "time"));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new MalformedEventException("bad milestone decision: " + ex.getMessage(), ex);
		}
	}

	record Payload(String milestoneSource, String milestoneId, String type, String occurredAt, String status,
			String reason, String detail, String waitingFor, long decisionVersion) {
	}

}

package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads a {@link ProgrammeRevision} as a CloudEvents binary-mode record on
 * {@link Topics#PROGRAMMES}: type {@value #TYPE}, key and subject the programme's id,
 * data the definition as {@link Programmes#write} writes it, extensions {@value #ACTOR}
 * and {@value #REASON}. The record's timestamp is {@code recordedAt}.
 */
public final class ProgrammeRevisionCodec {

	public static final String TYPE = "pilot.programme-revised";

	/** The extension attribute naming who made the revision. */
	public static final String ACTOR = "ce_actor";

	/** The extension attribute holding why. */
	public static final String REASON = "ce_reason";

	/** The source of every revision: the office, through the gateway's API. */
	public static final String SOURCE = "/milestone-gateway/programmes";

	private ProgrammeRevisionCodec() {
	}

	public static WireRecord encode(ProgrammeRevision revision) {
		String id = UUID
			.nameUUIDFromBytes(("programme-revised\n" + revision.programme() + "\n" + revision.revision())
				.getBytes(StandardCharsets.UTF_8))
			.toString();
		Map<String, String> headers = CloudEventHeaders.binaryMode(id, SOURCE, TYPE, revision.programme(),
				revision.recordedAt());
		headers.put(ACTOR, revision.recordedBy());
		headers.put(REASON, revision.reason());
		return new WireRecord(revision.programme(), headers, Programmes.write(revision.definition()),
				revision.recordedAt());
	}

	/**
	 * Reads a revision; when it was made is the record's timestamp.
	 * @throws MalformedEventException if the record is not a valid revision
	 */
	public static ProgrammeRevision decode(WireRecord record) {
		CloudEventHeaders.requireVersion1(record);
		String type = MilestoneCodec.required(record, CloudEventHeaders.TYPE);
		if (!TYPE.equals(type)) {
			throw new MalformedEventException(
					"unexpected ce_type '" + Text.forLog(type) + "' for a programme revision");
		}
		Instant recordedAt = (record.timestamp() != null) ? record.timestamp() : MilestoneCodec
			.instant(MilestoneCodec.required(record, CloudEventHeaders.TIME), CloudEventHeaders.TIME);
		if (record.value() == null) {
			throw new MalformedEventException("a programme revision has no definition");
		}
		Programme definition;
		try {
			definition = Programmes.read(record.value());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException(ex.getMessage(), ex);
		}
		if (!definition.id().equals(record.key())) {
			throw new MalformedEventException("the record's key '" + Text.forLog(String.valueOf(record.key()))
					+ "' is not the programme's id " + definition.id());
		}
		return new ProgrammeRevision(definition, recordedAt, MilestoneCodec.required(record, ACTOR),
				MilestoneCodec.required(record, REASON));
	}

}

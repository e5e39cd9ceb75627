package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads a {@link RegistryRevision} as a CloudEvents binary-mode record on
 * {@link Topics#REGISTRIES}: type {@value #TYPE}, key and subject {@code <registry>/<id>}
 * (e.g. {@code service-organisations/ceprei}), data the entry as {@link Registries#write}
 * writes it, extensions {@value #REVISION}, {@value ProgrammeRevisionCodec#ACTOR} and
 * {@value ProgrammeRevisionCodec#REASON}. The record's timestamp is {@code recordedAt}.
 */
public final class RegistryRevisionCodec {

	public static final String TYPE = "pilot.registry-revised";

	/** The extension attribute holding the revision's number. */
	public static final String REVISION = "ce_revision";

	/** The source of every revision: the office, through the gateway's API. */
	public static final String SOURCE = "/milestone-gateway/registries";

	private RegistryRevisionCodec() {
	}

	/** The record key of an entry: {@code <registry>/<id>}. */
	public static String key(RegistryEntry.Kind kind, String id) {
		return kind.path() + "/" + id;
	}

	public static WireRecord encode(RegistryRevision revision) {
		String key = key(revision.kind(), revision.id());
		String id = UUID
			.nameUUIDFromBytes(
					("registry-revised\n" + key + "\n" + revision.revision()).getBytes(StandardCharsets.UTF_8))
			.toString();
		Map<String, String> headers = CloudEventHeaders.binaryMode(id, SOURCE, TYPE, key, revision.recordedAt());
		headers.put(REVISION, Integer.toString(revision.revision()));
		headers.put(ProgrammeRevisionCodec.ACTOR, revision.recordedBy());
		headers.put(ProgrammeRevisionCodec.REASON, revision.reason());
		return new WireRecord(key, headers, Registries.write(revision.entry()), revision.recordedAt());
	}

	/**
	 * Reads a revision; when it was made is the record's timestamp.
	 * @throws MalformedEventException if the record is not a valid revision
	 */
	public static RegistryRevision decode(WireRecord record) {
		CloudEventHeaders.requireVersion1(record);
		String type = MilestoneCodec.required(record, CloudEventHeaders.TYPE);
		if (!TYPE.equals(type)) {
			throw new MalformedEventException("unexpected ce_type '" + Text.forLog(type) + "' for a registry revision");
		}
		String key = String.valueOf(record.key());
		int slash = key.indexOf('/');
		RegistryEntry.Kind kind = (slash > 0) ? RegistryEntry.Kind.of(key.substring(0, slash)).orElse(null) : null;
		if (kind == null) {
			throw new MalformedEventException("the record's key '" + Text.forLog(key) + "' names no registry");
		}
		Instant recordedAt = (record.timestamp() != null) ? record.timestamp() : MilestoneCodec
			.instant(MilestoneCodec.required(record, CloudEventHeaders.TIME), CloudEventHeaders.TIME);
		if (record.value() == null) {
			throw new MalformedEventException("a registry revision has no entry");
		}
		RegistryEntry entry;
		int revision;
		try {
			entry = Registries.read(kind, record.value());
			revision = Integer.parseInt(MilestoneCodec.required(record, REVISION));
			if (!entry.id().equals(key.substring(slash + 1))) {
				throw new IllegalArgumentException(
						"the record's key '" + Text.forLog(key) + "' is not the entry's id " + entry.id());
			}
			return new RegistryRevision(entry, revision, recordedAt,
					MilestoneCodec.required(record, ProgrammeRevisionCodec.ACTOR),
					MilestoneCodec.required(record, ProgrammeRevisionCodec.REASON));
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException(ex.getMessage(), ex);
		}
	}

}

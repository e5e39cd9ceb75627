package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes and reads a {@link StageChanged} as a CloudEvents binary-mode Kafka record on
 * {@link Topics#STAGE_CHANGES}: type {@value #TYPE}, source {@value #SOURCE}, key = USCC.
 */
public final class StageChangedCodec {

	public static final String TYPE = "pilot.stage-changed";

	public static final String SOURCE = "/pilot-lifecycle";

	private static final Pattern PROGRAMME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

	/**
	 * The stages read so far, by name: a programme has a handful, and a consumer reading
	 * a log keeps one of each instead of one per change (a stage is a value: equal by
	 * name).
	 */
	private static final Map<String, Stage> STAGES = new ConcurrentHashMap<>();

	/** Enough for every stage of every programme; names beyond it are not kept. */
	private static final int STAGES_KEPT = 1_000;

	private StageChangedCodec() {
	}

	/**
	 * The id of an enterprise's change {@code version} in a programme: the same change
	 * always has the same id.
	 */
	public static String eventIdFor(String programme, Uscc enterprise, long version) {
		// the pilot's changes keep the ids they had before programmes were data
		String name = Programmes.PILOT.equals(programme) ? "stage-changed\n" + enterprise.value() + "\n" + version
				: "stage-changed\n" + programme + "\n" + enterprise.value() + "\n" + version;
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	public static WireRecord encode(StageChanged change) {
		Map<String, String> headers = CloudEventHeaders.binaryMode(change.eventId(), SOURCE, TYPE,
				change.enterprise().value(), change.occurredAt());
		headers.put(CloudEventHeaders.PROGRAMME, change.programme());
		Map<String, String> reachedAt = new LinkedHashMap<>();
		change.reachedAt().forEach((stage, at) -> reachedAt.put(stage.name(), at.toString()));
		Payload payload = new Payload((change.from() != null) ? change.from().name() : null, change.to().name(),
				change.version(), reachedAt, change.recordedAt().toString(), change.milestoneSource(),
				change.milestoneId(), change.district(), change.industry(), change.provider(),
				change.attributes().isEmpty() ? null : change.attributes());
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
			Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
			if (payload.reachedAt() != null) {
				payload.reachedAt()
					.forEach((stage, at) -> reachedAt.put(stage(stage), MilestoneCodec.instant(at, "reachedAt")));
			}
			return new StageChanged(MilestoneCodec.required(record, CloudEventHeaders.ID), programme(record),
					new Uscc(MilestoneCodec.required(record, CloudEventHeaders.SUBJECT)),
					(payload.from() != null) ? stage(payload.from()) : null, stage(payload.to()), payload.version(),
					reachedAt,
					MilestoneCodec.instant(MilestoneCodec.required(record, CloudEventHeaders.TIME),
							CloudEventHeaders.TIME),
					MilestoneCodec.instant(payload.recordedAt(), "recordedAt"),
					MilestoneCodec.text(payload.milestoneSource(), "milestoneSource"),
					MilestoneCodec.text(payload.milestoneId(), "milestoneId"),
					MilestoneCodec.text(payload.district(), "district"),
					MilestoneCodec.text(payload.industry(), "industry"),
					MilestoneCodec.text(payload.provider(), "provider"),
					MilestoneCodec.attributes(payload.attributes()));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new MalformedEventException("bad stage change: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The stage called {@code name}.
	 * @throws IllegalArgumentException if it is not a stage's name
	 */
	static Stage stage(String name) {
		Stage stage = (name != null) ? STAGES.get(name) : null;
		if (stage == null) {
			stage = new Stage(name);
			if (STAGES.size() < STAGES_KEPT) {
				STAGES.putIfAbsent(name, stage);
			}
		}
		return stage;
	}

	/**
	 * The programme a record names in {@link CloudEventHeaders#PROGRAMME}; the pilot if
	 * it names none (a record of the release before programmes were data).
	 */
	static String programme(WireRecord record) {
		String programme = record.header(CloudEventHeaders.PROGRAMME);
		if (programme == null) {
			return Programmes.PILOT;
		}
		if (!PROGRAMME.matcher(programme).matches()) {
			throw new MalformedEventException(
					"bad " + CloudEventHeaders.PROGRAMME + " '" + Text.forLog(programme) + "'");
		}
		return programme;
	}

	record Payload(String from, String to, long version, Map<String, String> reachedAt, String recordedAt,
			String milestoneSource, String milestoneId, String district, String industry, String provider,
			Map<String, String> attributes) {
	}

}

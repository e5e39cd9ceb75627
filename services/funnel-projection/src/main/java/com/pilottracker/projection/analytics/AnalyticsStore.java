package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.funnel.Counts;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.store.FunnelStore;
import com.pilottracker.projection.funnel.store.Position;
import com.pilottracker.projection.funnel.store.Rebuilds;
import com.pilottracker.projection.funnel.store.StoredJson;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Reads the projection's tables for the analytics, one programme at a time: the
 * enterprises as they are now ({@code enterprise} and {@code stage_reached}) or as they
 * were known at an instant ({@code change_log}), the projection's position, and the
 * changes recorded in between two instants.
 */
@Component
class AnalyticsStore {

	private static final String NOW = """
			SELECT e.uscc, e.version, e.stage, e.since, e.district, e.industry, e.provider,
			       CAST(e.attributes AS text) AS attributes,
			       (SELECT CAST(jsonb_object_agg(r.stage,
			                   to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) AS text)
			        FROM stage_reached r WHERE r.programme = e.programme AND r.uscc = e.uscc) AS reached_at
			FROM enterprise e WHERE e.programme = :programme
			""";

	private static final String KNOWN_AT = """
			SELECT DISTINCT ON (uscc) uscc, version, to_stage AS stage, since, district, industry, provider,
			       CAST(attributes AS text) AS attributes, CAST(reached_at AS text) AS reached_at
			FROM change_log WHERE programme = :programme AND recorded_at <= :known_at
			ORDER BY uscc, version DESC
			""";

	private final DatabaseClient db;

	private final Rebuilds rebuilds;

	private final FunnelStore funnels;

	private final ProgrammeCatalog programmes;

	AnalyticsStore(DatabaseClient db, Rebuilds rebuilds, FunnelStore funnels, ProgrammeCatalog programmes) {
		this.db = db;
		this.rebuilds = rebuilds;
		this.funnels = funnels;
		this.programmes = programmes;
	}

	/** Every enterprise of the programme as the projection knows it now. */
	Mono<List<EnterpriseProgress>> now(Programme programme) {
		return this.db.sql(NOW)
			.bind("programme", programme.id())
			.map((row) -> progress(programme, row))
			.all()
			.collectList();
	}

	/**
	 * Every enterprise of the programme as the system had recorded it by {@code knownAt}:
	 * its latest change recorded by then.
	 */
	Mono<List<EnterpriseProgress>> knownAt(Programme programme, Instant knownAt) {
		return this.db.sql(KNOWN_AT)
			.bind("programme", programme.id())
			.bind("known_at", utc(knownAt))
			.map((row) -> progress(programme, row))
			.all()
			.collectList();
	}

	/**
	 * How many enterprises of the programme have been in each stage with a threshold for
	 * longer than it at {@code reference}, counted in the database (what
	 * {@link FunnelAnalytics#stalled} counts, without reading every enterprise).
	 */
	Mono<Map<String, Long>> stalledCounts(Programme programme, Instant reference) {
		Map<String, Duration> stalledAfter = FunnelAnalytics.stalledAfter(programme);
		if (stalledAfter.isEmpty()) {
			return Mono.just(Map.of());
		}
		String[] stages = stalledAfter.keySet().toArray(String[]::new);
		Long[] micros = stalledAfter.values()
			.stream()
			.map((after) -> after.toSeconds() * 1_000_000 + after.toNanosPart() / 1_000)
			.toArray(Long[]::new);
		return this.db.sql("""
				SELECT t.stage, count(e.stage) AS stalled
				FROM unnest(CAST(:stages AS text[]), CAST(:micros AS bigint[])) AS t(stage, micros)
				LEFT JOIN enterprise e
				  ON e.programme = :programme AND e.stage = t.stage
				 AND e.since < CAST(:reference AS timestamptz) - t.micros * interval '1 microsecond'
				GROUP BY t.stage
				""")
			.bind("stages", stages)
			.bind("micros", micros)
			.bind("programme", programme.id())
			.bind("reference", utc(reference))
			.map((row) -> Map.entry(row.get("stage", String.class), number(row, "stalled")))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/** The projection's position: its last applied change. */
	Mono<Position> position() {
		return this.funnels.position();
	}

	/**
	 * Every programme's live counters, the position and whether a rebuild is in progress:
	 * cheap (the counters table is small), read for every stream poll.
	 */
	Mono<Live> live() {
		return this.db.sql("""
				SELECT programme, stage, sum(reached) AS reached, sum(current) AS current,
				       (SELECT coalesce(max(seq), 0) FROM change_log) AS seq
				FROM funnel_count GROUP BY programme, stage
				UNION ALL SELECT NULL, NULL, 0, 0, (SELECT coalesce(max(seq), 0) FROM change_log)
				""")
			.map((row) -> new Object[] { row.get("programme", String.class), row.get("stage", String.class),
					number(row, "reached"), number(row, "current"), number(row, "seq") })
			.all()
			.collectList()
			.map((rows) -> {
				long sequence = 0;
				Map<String, Map<Stage, Counts>> counts = new HashMap<>();
				for (Object[] row : rows) {
					sequence = Math.max(sequence, (Long) row[4]);
					if (row[0] != null) {
						counts.computeIfAbsent((String) row[0], (id) -> new HashMap<>())
							.put(new Stage((String) row[1]), new Counts((Long) row[2], (Long) row[3]));
					}
				}
				Map<String, Funnel> funnels = new HashMap<>();
				for (Programme programme : this.programmes.all()) {
					funnels.put(programme.id(), Funnel.of(programme, counts.getOrDefault(programme.id(), Map.of())));
				}
				return new Live(sequence, funnels, this.rebuilds.inProgress());
			});
	}

	private static long number(Readable row, String column) {
		Number value = row.get(column, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	/** Whether a rebuild of the projection is in progress, as last read. */
	boolean rebuilding() {
		return this.rebuilds.inProgress();
	}

	/**
	 * The live counters per programme, district, industry and stage (summed over the
	 * programmes' own attributes).
	 */
	Mono<List<GroupCount>> groupCounts() {
		return this.db.sql("""
				SELECT programme, district, industry, stage, sum(reached) AS reached, sum(current) AS current
				FROM funnel_count GROUP BY programme, district, industry, stage
				""")
			.map((row) -> new GroupCount(row.get("programme", String.class), row.get("district", String.class),
					row.get("industry", String.class), row.get("stage", String.class), number(row, "reached"),
					number(row, "current")))
			.all()
			.collectList();
	}

	/**
	 * A counter of the live funnel.
	 *
	 * @param programme the programme's id
	 * @param district the district
	 * @param industry the industry
	 * @param stage the stage
	 * @param reached how many reached it
	 * @param current how many are in it
	 */
	record GroupCount(String programme, String district, String industry, String stage, long reached, long current) {

	}

	/**
	 * The changes of the programme recorded in {@code (from, to]}, per enterprise in
	 * version order.
	 */
	Flux<RecordedChange> recordedBetween(Programme programme, Instant from, Instant to) {
		return this.db.sql("""
				SELECT uscc, version, recorded_at, occurred_at, from_stage, to_stage, milestone_source, milestone_id
				FROM change_log WHERE programme = :programme AND recorded_at > :from AND recorded_at <= :to
				ORDER BY uscc, version
				""")
			.bind("programme", programme.id())
			.bind("from", utc(from))
			.bind("to", utc(to))
			.map((row) -> new RecordedChange(row.get("uscc", String.class).strip(), row.get("version", Long.class),
					instant(row, "recorded_at"), instant(row, "occurred_at"), row.get("from_stage", String.class),
					row.get("to_stage", String.class), row.get("milestone_source", String.class),
					row.get("milestone_id", String.class)))
			.all();
	}

	private static EnterpriseProgress progress(Programme programme, Readable row) {
		return new EnterpriseProgress(programme.id(), new Uscc(row.get("uscc", String.class).strip()),
				row.get("version", Long.class), new Stage(row.get("stage", String.class)), instant(row, "since"),
				row.get("district", String.class), row.get("industry", String.class), row.get("provider", String.class),
				StoredJson.attributes(row.get("attributes", String.class)),
				StoredJson.reachedAt(row.get("reached_at", String.class), programme));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * Every programme's live funnel.
	 *
	 * @param sequence the position
	 * @param funnels per programme of the catalog, its counters
	 * @param rebuilding whether a rebuild is in progress
	 */
	record Live(long sequence, Map<String, Funnel> funnels, boolean rebuilding) {

		Funnel funnel(Programme programme) {
			return this.funnels.get(programme.id());
		}

	}

	/**
	 * A change as recorded, for a restatement's reasons.
	 *
	 * @param uscc the enterprise
	 * @param version its version
	 * @param recordedAt when the lifecycle recorded it
	 * @param occurredAt when the milestone behind it happened
	 * @param fromStage the stage before
	 * @param toStage the stage after
	 * @param milestoneSource the milestone's source
	 * @param milestoneId the milestone's id
	 */
	record RecordedChange(String uscc, long version, Instant recordedAt, Instant occurredAt, String fromStage,
			String toStage, String milestoneSource, String milestoneId) {

	}

}

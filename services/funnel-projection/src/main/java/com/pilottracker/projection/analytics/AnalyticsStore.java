package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.projection.funnel.store.Rebuilds;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Reads the projection's tables for the analytics: the enterprises as they are now
 * ({@code enterprise}) or as they were known at an instant ({@code change_log}), the
 * projection's position, and the changes recorded in between two instants.
 */
@Component
class AnalyticsStore {

	private static final String STATE_COLUMNS = "uscc, district, industry, provider, solicited_at, contracted_at, "
			+ "pre_acceptance_at, withdrawn_at";

	private final DatabaseClient db;

	private final Rebuilds rebuilds;

	AnalyticsStore(DatabaseClient db, Rebuilds rebuilds) {
		this.db = db;
		this.rebuilds = rebuilds;
	}

	/** Every enterprise as the projection knows it now. */
	Mono<List<EnterpriseState>> now() {
		return this.db.sql("SELECT " + STATE_COLUMNS + " FROM enterprise")
			.map(AnalyticsStore::state)
			.all()
			.collectList();
	}

	/**
	 * Every enterprise as the system had recorded it by {@code knownAt}: its latest
	 * change recorded by then.
	 */
	Mono<List<EnterpriseState>> knownAt(Instant knownAt) {
		return this.db
			.sql("SELECT DISTINCT ON (uscc) " + STATE_COLUMNS
					+ " FROM change_log WHERE recorded_at <= :known_at ORDER BY uscc, version DESC")
			.bind("known_at", utc(knownAt))
			.map(AnalyticsStore::state)
			.all()
			.collectList();
	}

	/**
	 * How many enterprises have been in each stage given for longer than its threshold at
	 * {@code reference}, counted in the database (what {@link FunnelAnalytics#stalled}
	 * counts, without reading every enterprise).
	 */
	Mono<Map<String, Long>> stalledCounts(Instant reference, Map<String, Duration> stalledAfter) {
		if (stalledAfter.isEmpty()) {
			return Mono.just(Map.of());
		}
		String[] stages = stalledAfter.keySet().toArray(String[]::new);
		Long[] micros = stalledAfter.values()
			.stream()
			.map((after) -> after.toSeconds() * 1_000_000 + after.toNanosPart() / 1_000)
			.toArray(Long[]::new);
		return this.db
			.sql("""
					SELECT t.stage, count(e.stage) AS stalled
					FROM unnest(CAST(:stages AS text[]), CAST(:micros AS bigint[])) AS t(stage, micros)
					LEFT JOIN (
					    SELECT CASE WHEN withdrawn_at IS NOT NULL THEN 'WITHDRAWN'
					                WHEN pre_acceptance_at IS NOT NULL THEN 'PRE_ACCEPTANCE'
					                WHEN contracted_at IS NOT NULL THEN 'CONTRACTED'
					                WHEN solicited_at IS NOT NULL THEN 'SOLICITED' END AS stage,
					           coalesce(withdrawn_at, pre_acceptance_at, contracted_at, solicited_at) AS since
					    FROM enterprise) AS e
					  ON e.stage = t.stage AND e.since < CAST(:reference AS timestamptz) - t.micros * interval '1 microsecond'
					GROUP BY t.stage
					""")
			.bind("stages", stages)
			.bind("micros", micros)
			.bind("reference", utc(reference))
			.map((row) -> Map.entry(row.get("stage", String.class), number(row, "stalled")))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/** The projection's position: its last applied change. */
	Mono<Position> position() {
		return this.db.sql("SELECT seq, applied_at, recorded_at FROM change_log ORDER BY seq DESC LIMIT 1")
			.map((row) -> new Position(row.get("seq", Long.class), instant(row, "applied_at"),
					instant(row, "recorded_at")))
			.one()
			.defaultIfEmpty(Position.NONE);
	}

	/**
	 * The live counters, the position and whether a rebuild is in progress: cheap (the
	 * counters table is small), read for every stream poll.
	 */
	Mono<Live> live() {
		return this.db.sql("""
				SELECT stage, sum(reached) AS reached, sum(current) AS current,
				       (SELECT coalesce(max(seq), 0) FROM change_log) AS seq
				FROM funnel_count GROUP BY stage
				UNION ALL SELECT NULL, 0, 0, (SELECT coalesce(max(seq), 0) FROM change_log)
				""").map((row) -> {
			String stage = row.get("stage", String.class);
			return new Object[] { stage, number(row, "reached"), number(row, "current"), number(row, "seq") };
		}).all().collectList().map((rows) -> {
			long sequence = 0;
			Map<String, List<Long>> counts = new TreeMap<>();
			for (Object[] row : rows) {
				sequence = Math.max(sequence, (Long) row[3]);
				if (row[0] != null) {
					counts.put((String) row[0], List.of((Long) row[1], (Long) row[2]));
				}
			}
			return new Live(sequence, counts, this.rebuilds.inProgress());
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

	/** The live counters per district, industry and stage. */
	Mono<List<GroupCount>> groupCounts() {
		return this.db.sql("SELECT district, industry, stage, reached, current FROM funnel_count")
			.map((row) -> new GroupCount(row.get("district", String.class), row.get("industry", String.class),
					row.get("stage", String.class), number(row, "reached"), number(row, "current")))
			.all()
			.collectList();
	}

	/**
	 * A counter of the live funnel.
	 *
	 * @param district the district
	 * @param industry the industry
	 * @param stage the stage
	 * @param reached how many reached it
	 * @param current how many are in it
	 */
	record GroupCount(String district, String industry, String stage, long reached, long current) {

	}

	/** The changes recorded in {@code (from, to]}, per enterprise in version order. */
	Flux<RecordedChange> recordedBetween(Instant from, Instant to) {
		return this.db.sql("""
				SELECT uscc, version, recorded_at, occurred_at, from_stage, to_stage, milestone_source, milestone_id
				FROM change_log WHERE recorded_at > :from AND recorded_at <= :to ORDER BY uscc, version
				""")
			.bind("from", utc(from))
			.bind("to", utc(to))
			.map((row) -> new RecordedChange(row.get("uscc", String.class).strip(), row.get("version", Long.class),
					instant(row, "recorded_at"), instant(row, "occurred_at"), row.get("from_stage", String.class),
					row.get("to_stage", String.class), row.get("milestone_source", String.class),
					row.get("milestone_id", String.class)))
			.all();
	}

	private static EnterpriseState state(Readable row) {
		return new EnterpriseState(row.get("uscc", String.class).strip(), row.get("district", String.class),
				row.get("industry", String.class), row.get("provider", String.class), instant(row, "solicited_at"),
				instant(row, "contracted_at"), instant(row, "pre_acceptance_at"), instant(row, "withdrawn_at"));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * Where the projection is.
	 *
	 * @param sequence the last applied change's number; 0 when none
	 * @param lastAppliedAt when it was applied
	 * @param lastRecordedAt when the lifecycle recorded it
	 */
	record Position(long sequence, Instant lastAppliedAt, Instant lastRecordedAt) {

		static final Position NONE = new Position(0, null, null);

	}

	/**
	 * The live funnel's counters.
	 *
	 * @param sequence the position
	 * @param counts per stage: reached, current
	 * @param rebuilding whether a rebuild is in progress
	 */
	record Live(long sequence, Map<String, List<Long>> counts, boolean rebuilding) {

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

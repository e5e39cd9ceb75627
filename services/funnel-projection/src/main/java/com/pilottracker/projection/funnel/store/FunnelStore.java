package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.kafka.Traces;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.funnel.Counts;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.FunnelBatch;
import com.pilottracker.projection.funnel.FunnelKey;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The projection's tables. A batch of stage changes is applied in one transaction and a
 * few statements, whatever its size: the batch's enterprise rows are read and locked at
 * once, the changes are worked out in memory ({@link FunnelBatch}), and the enterprise
 * rows, the history and the counters are each written by one or two set-based statements.
 * <p>
 * The store Spring makes writes the live tables; a rebuild writes the same statements to
 * the tables it builds beside them ({@link ShadowTables}) through {@link #beside}.
 */
@Component
public class FunnelStore {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(FunnelStore.class);

	private static final Map<Stage, String> REACHED_AT_COLUMN = Map.of(Stage.SOLICITED, "solicited_at",
			Stage.CONTRACTED, "contracted_at", Stage.PRE_ACCEPTANCE, "pre_acceptance_at", Stage.WITHDRAWN,
			"withdrawn_at");

	private static final String LOCK = """
			SELECT uscc, version, stage, district, industry, provider,
			       solicited_at, contracted_at, pre_acceptance_at, withdrawn_at
			FROM {enterprise} WHERE uscc = ANY(CAST(:usccs AS char(18)[]))
			ORDER BY uscc FOR UPDATE
			""";

	// the rows of enterprises new to the projection are inserted in key order too, for
	// the same reason as the lock (the others are locked already)
	private static final String SAVE = """
			INSERT INTO {enterprise} (uscc, version, stage, district, industry, provider,
			                          solicited_at, contracted_at, pre_acceptance_at, withdrawn_at)
			SELECT * FROM unnest(CAST(:uscc AS text[]), CAST(:version AS bigint[]), CAST(:stage AS text[]),
			    CAST(:district AS text[]), CAST(:industry AS text[]), CAST(:provider AS text[]),
			    CAST(:solicited_at AS timestamptz[]), CAST(:contracted_at AS timestamptz[]),
			    CAST(:pre_acceptance_at AS timestamptz[]), CAST(:withdrawn_at AS timestamptz[]))
			    AS e(uscc, version, stage, district, industry, provider,
			         solicited_at, contracted_at, pre_acceptance_at, withdrawn_at)
			ORDER BY uscc
			ON CONFLICT (uscc) DO UPDATE SET version = EXCLUDED.version, stage = EXCLUDED.stage,
			    district = EXCLUDED.district, industry = EXCLUDED.industry,
			    provider = EXCLUDED.provider, solicited_at = EXCLUDED.solicited_at,
			    contracted_at = EXCLUDED.contracted_at, pre_acceptance_at = EXCLUDED.pre_acceptance_at,
			    withdrawn_at = EXCLUDED.withdrawn_at
			""";

	private static final String CHANGES = """
			FROM unnest(CAST(:uscc AS text[]), CAST(:version AS bigint[]), CAST(:recorded_at AS timestamptz[]),
			    CAST(:occurred_at AS timestamptz[]), CAST(:from_stage AS text[]), CAST(:to_stage AS text[]),
			    CAST(:district AS text[]), CAST(:industry AS text[]), CAST(:provider AS text[]),
			    CAST(:solicited_at AS timestamptz[]), CAST(:contracted_at AS timestamptz[]),
			    CAST(:pre_acceptance_at AS timestamptz[]), CAST(:withdrawn_at AS timestamptz[]),
			    CAST(:milestone_source AS text[]), CAST(:milestone_id AS text[]))
			    WITH ORDINALITY AS c(uscc, version, recorded_at, occurred_at, from_stage, to_stage,
			        district, industry, provider, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
			        milestone_source, milestone_id, position)
			""";

	private static final String LOG = """
			INSERT INTO {change_log} (uscc, version, recorded_at, occurred_at, applied_at, from_stage, to_stage,
			    district, industry, provider, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
			    milestone_source, milestone_id)
			SELECT uscc, version, recorded_at, occurred_at, now(), from_stage, to_stage,
			    district, industry, provider, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
			    milestone_source, milestone_id
			""" + CHANGES + """
			ORDER BY position
			ON CONFLICT (uscc, version) DO NOTHING
			""";

	/**
	 * A rebuild's history keeps the number and the time of application of each change the
	 * live history has: the rebuilt rows equal the rows they replace, and the position
	 * does not move. Only changes new to the projection are numbered (in the order they
	 * are applied: volatile expressions are evaluated after the sort).
	 */
	private static final String LOG_KEEPING_NUMBERS = """
			INSERT INTO {change_log} (seq, uscc, version, recorded_at, occurred_at, applied_at, from_stage, to_stage,
			    district, industry, provider, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
			    milestone_source, milestone_id)
			SELECT coalesce(l.seq, nextval('change_log_seq_seq')), c.uscc, c.version, c.recorded_at, c.occurred_at,
			    coalesce(l.applied_at, now()), c.from_stage, c.to_stage, c.district, c.industry, c.provider,
			    c.solicited_at, c.contracted_at, c.pre_acceptance_at, c.withdrawn_at, c.milestone_source, c.milestone_id
			""" + CHANGES + """
			LEFT JOIN change_log l ON l.uscc = CAST(c.uscc AS char(18)) AND l.version = c.version
			ORDER BY c.position
			ON CONFLICT (uscc, version) DO NOTHING
			""";

	private static final String CREATE_COUNTERS = """
			INSERT INTO {funnel_count} (district, industry, stage, reached, current)
			SELECT district, industry, stage, 0, 0
			FROM unnest(CAST(:district AS text[]), CAST(:industry AS text[]), CAST(:stage AS text[]))
			    AS k(district, industry, stage)
			ORDER BY district, industry, stage
			ON CONFLICT (district, industry, stage) DO UPDATE SET reached = {funnel_count}.reached
			""";

	private static final String MOVE_COUNTERS = """
			WITH delta AS (
			    SELECT * FROM unnest(CAST(:district AS text[]), CAST(:industry AS text[]), CAST(:stage AS text[]),
			        CAST(:reached AS bigint[]), CAST(:current AS bigint[]))
			        AS d(district, industry, stage, reached, current)
			), emptied AS (
			    DELETE FROM {funnel_count} f USING delta d
			    WHERE f.district = d.district AND f.industry = d.industry AND f.stage = d.stage
			      AND f.reached + d.reached = 0 AND f.current + d.current = 0
			)
			UPDATE {funnel_count} f SET reached = f.reached + d.reached, current = f.current + d.current
			FROM delta d
			WHERE f.district = d.district AND f.industry = d.industry AND f.stage = d.stage
			  AND (f.reached + d.reached <> 0 OR f.current + d.current <> 0)
			""";

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final ObservationRegistry observations;

	private final String lockSql;

	private final String saveSql;

	private final String logSql;

	private final String createCountersSql;

	private final String moveCountersSql;

	@Autowired
	FunnelStore(DatabaseClient db, TransactionalOperator transaction, ObservationRegistry observations) {
		this(db, transaction, observations, Tables.LIVE);
	}

	private FunnelStore(DatabaseClient db, TransactionalOperator transaction, ObservationRegistry observations,
			Tables tables) {
		this.db = db;
		this.transaction = transaction;
		this.observations = observations;
		this.lockSql = tables.sql(LOCK);
		this.saveSql = tables.sql(SAVE);
		this.logSql = tables.sql((tables == Tables.LIVE) ? LOG : LOG_KEEPING_NUMBERS);
		this.createCountersSql = tables.sql(CREATE_COUNTERS);
		this.moveCountersSql = tables.sql(MOVE_COUNTERS);
	}

	/**
	 * The same store writing the tables a rebuild builds beside the live ones, through
	 * {@code db} and {@code transaction} (the rebuild's own connection).
	 */
	FunnelStore beside(DatabaseClient db, TransactionalOperator transaction) {
		return new FunnelStore(db, transaction, this.observations, Tables.SHADOW);
	}

	/**
	 * Applies the changes in order, in one transaction.
	 * @return how many changes moved the funnel (the others were duplicates)
	 */
	public Mono<Integer> apply(List<StageChanged> changes) {
		return apply(changes, Collections.nCopies(changes.size(), null));
	}

	/**
	 * Applies the changes in order, in one transaction, each in the trace its record
	 * carried ({@code traces}: the {@code traceparent} of each, {@code null} where none).
	 * @return how many changes moved the funnel (the others were duplicates)
	 */
	public Mono<Integer> apply(List<StageChanged> changes, List<String> traces) {
		if (changes.isEmpty()) {
			return Mono.just(0);
		}
		Mono<Integer> work = lock(changes).flatMap((before) -> {
			FunnelBatch batch = FunnelBatch.of(before, changes);
			return save(batch.enterprises()).then(log(batch.applied()))
				.then(moveCounters(batch.deltas()))
				.then(logOutcomes(changes, traces, batch))
				.thenReturn(batch.applied().size());
		});
		return this.transaction.transactional(work);
	}

	/**
	 * Reads and locks the rows of the batch's enterprises, in one order for every
	 * instance so that two of them applying overlapping batches wait for each other
	 * instead of deadlocking.
	 */
	private Mono<Map<Uscc, EnterpriseProgress>> lock(List<StageChanged> changes) {
		String[] usccs = changes.stream()
			.map((change) -> change.enterprise().value())
			.distinct()
			.toArray(String[]::new);
		// the array is cast to the column's type: compared as text, the key would not
		// find the rows by the primary key's index
		return this.db.sql(this.lockSql)
			.bind("usccs", usccs)
			.map(FunnelStore::progress)
			.all()
			.collectMap(EnterpriseProgress::enterprise);
	}

	/** Writes the last progress of each enterprise the batch moved. */
	private Mono<Void> save(Collection<EnterpriseProgress> enterprises) {
		if (enterprises.isEmpty()) {
			return Mono.empty();
		}
		int size = enterprises.size();
		String[] usccs = new String[size];
		Long[] versions = new Long[size];
		String[] stages = new String[size];
		String[] districts = new String[size];
		String[] industries = new String[size];
		String[] providers = new String[size];
		Map<Stage, OffsetDateTime[]> reachedAt = reachedAtColumns(size);
		int index = 0;
		for (EnterpriseProgress progress : enterprises) {
			usccs[index] = progress.enterprise().value();
			versions[index] = progress.version();
			stages[index] = progress.stage().name();
			districts[index] = progress.district();
			industries[index] = progress.industry();
			providers[index] = progress.provider();
			reachedAt(reachedAt, index, progress);
			index++;
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(this.saveSql)
			.bind("uscc", usccs)
			.bind("version", versions)
			.bind("stage", stages)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("provider", providers);
		return bindReachedAt(spec, reachedAt).then();
	}

	/**
	 * Appends the applied changes to {@code change_log}, the projection's history, in the
	 * order they were applied: {@code seq} follows it.
	 */
	private Mono<Void> log(List<FunnelBatch.Applied> applied) {
		if (applied.isEmpty()) {
			return Mono.empty();
		}
		int size = applied.size();
		String[] usccs = new String[size];
		Long[] versions = new Long[size];
		OffsetDateTime[] recordedAt = new OffsetDateTime[size];
		OffsetDateTime[] occurredAt = new OffsetDateTime[size];
		String[] fromStages = new String[size];
		String[] toStages = new String[size];
		String[] districts = new String[size];
		String[] industries = new String[size];
		String[] providers = new String[size];
		String[] milestoneSources = new String[size];
		String[] milestoneIds = new String[size];
		Map<Stage, OffsetDateTime[]> reachedAt = reachedAtColumns(size);
		for (int index = 0; index < size; index++) {
			StageChanged change = applied.get(index).change();
			EnterpriseProgress progress = applied.get(index).progress();
			usccs[index] = progress.enterprise().value();
			versions[index] = progress.version();
			recordedAt[index] = change.recordedAt().atOffset(ZoneOffset.UTC);
			occurredAt[index] = change.occurredAt().atOffset(ZoneOffset.UTC);
			fromStages[index] = (change.from() != null) ? change.from().name() : null;
			toStages[index] = change.to().name();
			districts[index] = progress.district();
			industries[index] = progress.industry();
			providers[index] = progress.provider();
			milestoneSources[index] = change.milestoneSource();
			milestoneIds[index] = change.milestoneId();
			reachedAt(reachedAt, index, progress);
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(this.logSql)
			.bind("uscc", usccs)
			.bind("version", versions)
			.bind("recorded_at", recordedAt)
			.bind("occurred_at", occurredAt)
			.bind("from_stage", fromStages)
			.bind("to_stage", toStages)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("provider", providers)
			.bind("milestone_source", milestoneSources)
			.bind("milestone_id", milestoneIds);
		return bindReachedAt(spec, reachedAt).then();
	}

	private static Map<Stage, OffsetDateTime[]> reachedAtColumns(int size) {
		Map<Stage, OffsetDateTime[]> columns = new EnumMap<>(Stage.class);
		for (Stage stage : Stage.values()) {
			columns.put(stage, new OffsetDateTime[size]);
		}
		return columns;
	}

	private static void reachedAt(Map<Stage, OffsetDateTime[]> columns, int index, EnterpriseProgress progress) {
		progress.reachedAt().forEach((stage, at) -> columns.get(stage)[index] = at.atOffset(ZoneOffset.UTC));
	}

	private static DatabaseClient.GenericExecuteSpec bindReachedAt(DatabaseClient.GenericExecuteSpec spec,
			Map<Stage, OffsetDateTime[]> columns) {
		for (Map.Entry<Stage, OffsetDateTime[]> column : columns.entrySet()) {
			spec = spec.bind(REACHED_AT_COLUMN.get(column.getKey()), column.getValue());
		}
		return spec;
	}

	/**
	 * Logs each change's outcome in its own trace, so the line carries the trace id of
	 * the milestone behind it.
	 */
	private Mono<Void> logOutcomes(List<StageChanged> changes, List<String> traces, FunnelBatch batch) {
		if (!logger.isDebugEnabled()) {
			// no line to write: no observation per change either
			return Mono.empty();
		}
		return Flux.range(0, changes.size()).concatMap((index) -> {
			StageChanged change = changes.get(index);
			return Traces.continued(this.observations, "pilot.stage-change.apply", traces.get(index),
					Traces.logged(Mono.just(batch.moved(index)),
							(applied) -> logger.debug("Stage change {} of {} (version {}): {}", change.to(),
									change.enterprise().value(), change.version(),
									applied ? "applied" : "already applied")));
		}).then();
	}

	/** Moves the counters by the batch's deltas. */
	private Mono<Void> moveCounters(Map<FunnelKey, Counts> deltas) {
		if (deltas.isEmpty()) {
			return Mono.empty();
		}
		int size = deltas.size();
		String[] districts = new String[size];
		String[] industries = new String[size];
		String[] stages = new String[size];
		Long[] reached = new Long[size];
		Long[] current = new Long[size];
		int index = 0;
		for (Map.Entry<FunnelKey, Counts> delta : deltas.entrySet()) {
			districts[index] = delta.getKey().district();
			industries[index] = delta.getKey().industry();
			stages[index] = delta.getKey().stage().name();
			reached[index] = delta.getValue().reached();
			current[index] = delta.getValue().current();
			index++;
		}
		// create the counters at zero first, so the constraint reached, current >= 0
		// holds at every step (it is checked on the row to insert before a conflict
		// turns the insert into an update, so a delta cannot be inserted as it is). The
		// no-op update locks the counters that exist, in key order: the move below then
		// sees them as they are, and two instances never deadlock on them.
		Mono<Void> create = this.db.sql(this.createCountersSql)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("stage", stages)
			.then();
		// an empty counter is no row at all, so a rebuild, whatever its batches, gives
		// the same rows: a counter the batch empties is deleted instead of moved (both
		// parts read the counters as locked above, so they take disjoint rows)
		Mono<Void> move = this.db.sql(this.moveCountersSql)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("stage", stages)
			.bind("reached", reached)
			.bind("current", current)
			.then();
		return create.then(move);
	}

	/** Whether the projection has enterprises but no history (tables from before V2). */
	public Mono<Boolean> lacksHistory() {
		return this.db
			.sql("SELECT EXISTS (SELECT 1 FROM enterprise) AND NOT EXISTS (SELECT 1 FROM change_log) AS lacks")
			.map((row) -> Boolean.TRUE.equals(row.get("lacks", Boolean.class)))
			.one();
	}

	/** The funnel, optionally narrowed to a district and/or an industry. */
	public Mono<Funnel> funnel(String district, String industry) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				SELECT stage, sum(reached) AS reached, sum(current) AS current FROM funnel_count
				WHERE (CAST(:district AS text) IS NULL OR district = :district)
				  AND (CAST(:industry AS text) IS NULL OR industry = :industry)
				GROUP BY stage
				""");
		spec = (district != null) ? spec.bind("district", district) : spec.bindNull("district", String.class);
		spec = (industry != null) ? spec.bind("industry", industry) : spec.bindNull("industry", String.class);
		return spec
			.map((row) -> Map.entry(Stage.valueOf(row.get("stage", String.class)),
					new Counts(number(row, "reached"), number(row, "current"))))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, () -> new EnumMap<>(Stage.class))
			.map(Funnel::of);
	}

	private static long number(Readable row, String column) {
		Number value = row.get(column, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	private static EnterpriseProgress progress(Readable row) {
		Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
		for (Stage stage : Stage.values()) {
			OffsetDateTime at = row.get(REACHED_AT_COLUMN.get(stage), OffsetDateTime.class);
			if (at != null) {
				reachedAt.put(stage, at.toInstant());
			}
		}
		return new EnterpriseProgress(new Uscc(row.get("uscc", String.class)), row.get("version", Long.class),
				Stage.valueOf(row.get("stage", String.class)), row.get("district", String.class),
				row.get("industry", String.class), row.get("provider", String.class), reachedAt);
	}

	/**
	 * Which tables a store writes: the live ones, or those a rebuild builds beside them.
	 */
	enum Tables {

		LIVE(""), SHADOW(ShadowTables.SUFFIX);

		private final String suffix;

		Tables(String suffix) {
			this.suffix = suffix;
		}

		String sql(String template) {
			return template.replace("{enterprise}", "enterprise" + this.suffix)
				.replace("{funnel_count}", "funnel_count" + this.suffix)
				.replace("{change_log}", "change_log" + this.suffix);
		}

	}

}

package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.kafka.Traces;
import com.pilottracker.projection.funnel.Counts;
import com.pilottracker.projection.funnel.EnterpriseKey;
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
 * An enterprise is kept per programme ({@code enterprise}, keyed by programme and USCC),
 * its stage times as rows ({@code stage_reached}); the history ({@code change_log}) keeps
 * each change's stage times as one jsonb object instead ({@link StoredJson}): a history
 * row is read whole, by "as known at" and restatements, never searched by stage, and one
 * row per change keeps its number, its uniqueness by version and the rebuild's
 * carrying-over of numbers as they were. The counters ({@code funnel_count}) are per
 * programme, district, industry, the programme's own attributes (jsonb) and stage.
 * <p>
 * The store Spring makes writes the live tables; a rebuild writes the same statements to
 * the tables it builds beside them ({@link ShadowTables}) through {@link #beside}.
 */
@Component
public class FunnelStore {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(FunnelStore.class);

	/** The batch's enterprises, each in its programme, as a relation to join. */
	private static final String KEYS = """
			SELECT k.programme, CAST(k.uscc AS char(18)) AS uscc
			FROM unnest(CAST(:programmes AS text[]), CAST(:usccs AS text[])) AS k(programme, uscc)
			""";

	/**
	 * The batch's enterprise rows. Their instants are read as microseconds since the
	 * epoch ({@link #microseconds}): exactly the instant the column holds, without the
	 * text a {@code timestamptz} is otherwise read as and parsed from.
	 */
	private static final String LOCK = """
			SELECT programme, uscc, version, stage, CAST(extract(epoch FROM since) * 1000000 AS bigint) AS since,
			       district, industry, provider, CAST(attributes AS text) AS attributes
			FROM {enterprise} WHERE (programme, uscc) IN (""" + KEYS + """
			)
			ORDER BY programme, uscc FOR UPDATE
			""";

	/**
	 * Their stage times, likewise in microseconds since the epoch, looked up by each
	 * enterprise's key ({@code OFFSET 0} keeps the lookup per key: joined as a set, a
	 * large batch had the whole table read and hashed, a cost that grew with the table).
	 */
	private static final String STAGES = """
			SELECT s.programme, s.uscc, s.stage, s.at
			FROM unnest(CAST(:programmes AS text[]), CAST(:usccs AS text[])) AS k(programme, uscc)
			JOIN LATERAL (
			    SELECT programme, uscc, stage, CAST(extract(epoch FROM at) * 1000000 AS bigint) AS at
			    FROM {stage_reached}
			    WHERE programme = k.programme AND uscc = CAST(k.uscc AS char(18)) OFFSET 0) AS s ON true
			""";

	private static final long MICROSECONDS = 1_000_000;

	// the rows of enterprises new to the projection are inserted in key order too, for
	// the same reason as the lock (the others are locked already)
	private static final String SAVE = """
			INSERT INTO {enterprise} (programme, uscc, version, stage, since, district, industry, provider, attributes)
			SELECT programme, uscc, version, stage, since, district, industry, provider, CAST(attributes AS jsonb)
			FROM unnest(CAST(:programme AS text[]), CAST(:uscc AS text[]), CAST(:version AS bigint[]),
			    CAST(:stage AS text[]), CAST(:since AS timestamptz[]), CAST(:district AS text[]),
			    CAST(:industry AS text[]), CAST(:provider AS text[]), CAST(:attributes AS text[]))
			    AS e(programme, uscc, version, stage, since, district, industry, provider, attributes)
			ORDER BY programme, uscc
			ON CONFLICT (programme, uscc) DO UPDATE SET version = EXCLUDED.version, stage = EXCLUDED.stage,
			    since = EXCLUDED.since, district = EXCLUDED.district, industry = EXCLUDED.industry,
			    provider = EXCLUDED.provider, attributes = EXCLUDED.attributes
			""";

	/**
	 * Stage times no longer reached (a lapse undone by a late re-review): rare, so the
	 * statement runs only for a batch that has some.
	 */
	private static final String FORGET_STAGES = """
			DELETE FROM {stage_reached}
			WHERE (programme, uscc, stage) IN (
			    SELECT k.programme, CAST(k.uscc AS char(18)), k.stage
			    FROM unnest(CAST(:programme AS text[]), CAST(:uscc AS text[]), CAST(:stage AS text[]))
			        AS k(programme, uscc, stage))
			""";

	/**
	 * Stage times new or changed (a late report of an earlier step moves one earlier):
	 * only those are written, one row per stage an enterprise reached since the batch
	 * before, not every stage of every enterprise that moved.
	 */
	private static final String SAVE_STAGES = """
			INSERT INTO {stage_reached} (programme, uscc, stage, at)
			SELECT * FROM unnest(CAST(:programme AS text[]), CAST(:uscc AS text[]), CAST(:stage AS text[]),
			    CAST(:at AS timestamptz[])) AS s(programme, uscc, stage, at)
			ORDER BY programme, uscc, stage
			ON CONFLICT (programme, uscc, stage) DO UPDATE SET at = EXCLUDED.at
			""";

	private static final String CHANGES = """
			FROM unnest(CAST(:programme AS text[]), CAST(:uscc AS text[]), CAST(:version AS bigint[]),
			    CAST(:recorded_at AS timestamptz[]), CAST(:occurred_at AS timestamptz[]),
			    CAST(:from_stage AS text[]), CAST(:to_stage AS text[]), CAST(:district AS text[]),
			    CAST(:industry AS text[]), CAST(:provider AS text[]), CAST(:milestone_source AS text[]),
			    CAST(:milestone_id AS text[]), CAST(:attributes AS text[]), CAST(:reached_at AS text[]),
			    CAST(:since AS timestamptz[]))
			    WITH ORDINALITY AS c(programme, uscc, version, recorded_at, occurred_at, from_stage, to_stage,
			        district, industry, provider, milestone_source, milestone_id, attributes, reached_at, since,
			        position)
			""";

	private static final String LOG = """
			INSERT INTO {change_log} (programme, uscc, version, recorded_at, occurred_at, applied_at, from_stage,
			    to_stage, district, industry, provider, milestone_source, milestone_id, attributes, reached_at, since)
			SELECT programme, uscc, version, recorded_at, occurred_at, now(), from_stage, to_stage,
			    district, industry, provider, milestone_source, milestone_id, CAST(attributes AS jsonb),
			    CAST(reached_at AS jsonb), since
			""" + CHANGES + """
			ORDER BY position
			ON CONFLICT (programme, uscc, version) DO NOTHING
			""";

	/**
	 * A rebuild's history keeps the number and the time of application of each change the
	 * live history has: the rebuilt rows equal the rows they replace, and the position
	 * does not move. Only changes new to the projection are numbered (in the order they
	 * are applied: volatile expressions are evaluated after the sort). Each change's live
	 * row is looked up by its key ({@code OFFSET 0} keeps the lookup per change: joined
	 * as a set, every batch had the whole live history read and hashed, the largest part
	 * of the statement, and one that grew with the history).
	 */
	private static final String LOG_KEEPING_NUMBERS = """
			INSERT INTO {change_log} (seq, programme, uscc, version, recorded_at, occurred_at, applied_at,
			    from_stage, to_stage, district, industry, provider, milestone_source, milestone_id, attributes,
			    reached_at, since)
			SELECT coalesce(l.seq, nextval('change_log_seq_seq')), c.programme, c.uscc, c.version, c.recorded_at,
			    c.occurred_at, coalesce(l.applied_at, now()), c.from_stage, c.to_stage, c.district, c.industry,
			    c.provider, c.milestone_source, c.milestone_id, CAST(c.attributes AS jsonb),
			    CAST(c.reached_at AS jsonb), c.since
			""" + CHANGES + """
			LEFT JOIN LATERAL (
			    SELECT seq, applied_at FROM change_log
			    WHERE programme = c.programme AND uscc = CAST(c.uscc AS char(18)) AND version = c.version
			    OFFSET 0) AS l ON true
			ORDER BY c.position
			ON CONFLICT (programme, uscc, version) DO NOTHING
			""";

	private static final String COUNTER_KEYS = """
			unnest(CAST(:programme AS text[]), CAST(:district AS text[]), CAST(:industry AS text[]),
			    CAST(:attributes AS text[]), CAST(:stage AS text[])
			""";

	private static final String CREATE_COUNTERS = """
			INSERT INTO {funnel_count} (programme, district, industry, attributes, stage, reached, current)
			SELECT programme, district, industry, CAST(attributes AS jsonb), stage, 0, 0
			FROM
			""" + COUNTER_KEYS + """
			) AS k(programme, district, industry, attributes, stage)
			ORDER BY programme, district, industry, CAST(attributes AS jsonb), stage
			ON CONFLICT (programme, district, industry, attributes, stage)
			    DO UPDATE SET reached = {funnel_count}.reached
			""";

	private static final String MOVE_COUNTERS = """
			WITH delta AS (
			    SELECT programme, district, industry, CAST(attributes AS jsonb) AS attributes, stage, reached, current
			    FROM
			    """ + COUNTER_KEYS + """
			        , CAST(:reached AS bigint[]), CAST(:current AS bigint[]))
			        AS d(programme, district, industry, attributes, stage, reached, current)
			), emptied AS (
			    DELETE FROM {funnel_count} f USING delta d
			    WHERE f.programme = d.programme AND f.district = d.district AND f.industry = d.industry
			      AND f.attributes = d.attributes AND f.stage = d.stage
			      AND f.reached + d.reached = 0 AND f.current + d.current = 0
			)
			UPDATE {funnel_count} f SET reached = f.reached + d.reached, current = f.current + d.current
			FROM delta d
			WHERE f.programme = d.programme AND f.district = d.district AND f.industry = d.industry
			  AND f.attributes = d.attributes AND f.stage = d.stage
			  AND (f.reached + d.reached <> 0 OR f.current + d.current <> 0)
			""";

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final ObservationRegistry observations;

	private final ProgrammeCatalog programmes;

	private final String lockSql;

	private final String stagesSql;

	private final String saveSql;

	private final String forgetStagesSql;

	private final String saveStagesSql;

	private final String logSql;

	private final String createCountersSql;

	private final String moveCountersSql;

	@Autowired
	FunnelStore(DatabaseClient db, TransactionalOperator transaction, ObservationRegistry observations,
			ProgrammeCatalog programmes) {
		this(db, transaction, observations, programmes, Tables.LIVE);
	}

	private FunnelStore(DatabaseClient db, TransactionalOperator transaction, ObservationRegistry observations,
			ProgrammeCatalog programmes, Tables tables) {
		this.db = db;
		this.transaction = transaction;
		this.observations = observations;
		this.programmes = programmes;
		this.lockSql = tables.sql(LOCK);
		this.stagesSql = tables.sql(STAGES);
		this.saveSql = tables.sql(SAVE);
		this.forgetStagesSql = tables.sql(FORGET_STAGES);
		this.saveStagesSql = tables.sql(SAVE_STAGES);
		this.logSql = tables.sql((tables == Tables.LIVE) ? LOG : LOG_KEEPING_NUMBERS);
		this.createCountersSql = tables.sql(CREATE_COUNTERS);
		this.moveCountersSql = tables.sql(MOVE_COUNTERS);
	}

	/**
	 * The same store writing the tables a rebuild builds beside the live ones, through
	 * {@code db} and {@code transaction} (the rebuild's own connection).
	 */
	FunnelStore beside(DatabaseClient db, TransactionalOperator transaction) {
		return new FunnelStore(db, transaction, this.observations, this.programmes, Tables.SHADOW);
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
			// each statement's parameters are made when it runs, not all at once: a
			// rebuild's batch is large, and so are they
			return Mono.defer(() -> save(before, batch.enterprises()))
				.then(Mono.defer(() -> log(batch.applied())))
				.then(Mono.defer(() -> moveCounters(batch.deltas())))
				.then(logOutcomes(changes, traces, batch))
				.thenReturn(batch.applied().size());
		});
		return this.transaction.transactional(work);
	}

	/**
	 * Reads and locks the rows of the batch's enterprises, in one order for every
	 * instance so that two of them applying overlapping batches wait for each other
	 * instead of deadlocking; then reads their stage times.
	 */
	private Mono<Map<EnterpriseKey, EnterpriseProgress>> lock(List<StageChanged> changes) {
		List<EnterpriseKey> keys = changes.stream()
			.map((change) -> new EnterpriseKey(change.programme(), change.enterprise()))
			.distinct()
			.toList();
		String[] programmeIds = keys.stream().map(EnterpriseKey::programme).toArray(String[]::new);
		String[] usccs = keys.stream().map((key) -> key.enterprise().value()).toArray(String[]::new);
		// the keys are cast to the column's type: compared as text, the key would not
		// find the rows by the primary key's index
		Mono<List<EnterpriseRow>> rows = this.db.sql(this.lockSql)
			.bind("programmes", programmeIds)
			.bind("usccs", usccs)
			.map(EnterpriseRow::of)
			.all()
			.collectList();
		return rows.flatMap((enterprises) -> {
			if (enterprises.isEmpty()) {
				return Mono.just(Map.<EnterpriseKey, EnterpriseProgress>of());
			}
			return this.db.sql(this.stagesSql)
				.bind("programmes", programmeIds)
				.bind("usccs", usccs)
				.map((row) -> new StageTime(
						new EnterpriseKey(row.get(0, String.class), new Uscc(row.get(1, String.class))),
						row.get(2, String.class), microseconds(row.get(3, Long.class))))
				.all()
				.collectList()
				.map((times) -> progress(enterprises, times));
		});
	}

	private Map<EnterpriseKey, EnterpriseProgress> progress(List<EnterpriseRow> enterprises, List<StageTime> times) {
		// each stage by its name, one per batch rather than one per row
		Map<String, Stage> stages = new HashMap<>();
		Map<EnterpriseKey, Map<Stage, Instant>> reached = new HashMap<>();
		times.forEach((time) -> reached.computeIfAbsent(time.key(), (key) -> new HashMap<>())
			.put(stages.computeIfAbsent(time.stage(), Stage::new), time.at()));
		// each programme's stages, looked up once per batch rather than per enterprise
		Map<String, List<Stage>> stageOrder = new HashMap<>();
		Map<String, Map<String, String>> attributes = new HashMap<>();
		Map<EnterpriseKey, EnterpriseProgress> progress = new LinkedHashMap<>();
		for (EnterpriseRow row : enterprises) {
			EnterpriseKey key = new EnterpriseKey(row.programme(), new Uscc(row.uscc()));
			List<Stage> order = stageOrder.computeIfAbsent(row.programme(),
					(programme) -> this.programmes.find(programme).map(Programme::allStages).orElse(List.of()));
			progress.put(key, new EnterpriseProgress(row.programme(), key.enterprise(), row.version(),
					stages.computeIfAbsent(row.stage(), Stage::new), row.since(), row.district(), row.industry(),
					row.provider(),
					(row.attributes() != null) ? attributes.computeIfAbsent(row.attributes(), StoredJson::attributes)
							: StoredJson.attributes((String) null),
					inOrder(order, reached.getOrDefault(key, Map.of()))));
		}
		return progress;
	}

	/** The stage times in the programme's order ({@code order}, its stages). */
	private static Map<Stage, Instant> inOrder(List<Stage> order, Map<Stage, Instant> reached) {
		Map<Stage, Instant> ordered = new LinkedHashMap<>();
		for (Stage stage : order) {
			Instant at = reached.get(stage);
			if (at != null) {
				ordered.put(stage, at);
			}
		}
		reached.forEach(ordered::putIfAbsent);
		return ordered;
	}

	/**
	 * Writes the last progress of each enterprise the batch moved, and its stage times.
	 */
	private Mono<Void> save(Map<EnterpriseKey, EnterpriseProgress> before, Collection<EnterpriseProgress> enterprises) {
		if (enterprises.isEmpty()) {
			return Mono.empty();
		}
		int size = enterprises.size();
		String[] programmeIds = new String[size];
		String[] usccs = new String[size];
		Long[] versions = new Long[size];
		String[] stages = new String[size];
		Instant[] since = new Instant[size];
		String[] districts = new String[size];
		String[] industries = new String[size];
		String[] providers = new String[size];
		String[] attributes = new String[size];
		List<String> timeProgrammes = new ArrayList<>();
		List<String> timeUsccs = new ArrayList<>();
		List<String> timeStages = new ArrayList<>();
		List<Instant> timeAt = new ArrayList<>();
		List<String> goneProgrammes = new ArrayList<>();
		List<String> goneUsccs = new ArrayList<>();
		List<String> goneStages = new ArrayList<>();
		Map<Map<String, String>, String> attributeTexts = new HashMap<>();
		int index = 0;
		for (EnterpriseProgress progress : enterprises) {
			programmeIds[index] = progress.programme();
			usccs[index] = progress.enterprise().value();
			versions[index] = progress.version();
			stages[index] = progress.stage().name();
			since[index] = progress.since();
			districts[index] = progress.district();
			industries[index] = progress.industry();
			providers[index] = progress.provider();
			attributes[index] = attributeTexts.computeIfAbsent(progress.attributes(), StoredJson::attributes);
			EnterpriseProgress stored = before.get(new EnterpriseKey(progress.programme(), progress.enterprise()));
			Map<Stage, Instant> storedTimes = (stored != null) ? stored.reachedAt() : Map.of();
			progress.reachedAt().forEach((stage, at) -> {
				if (!at.equals(storedTimes.get(stage))) {
					timeProgrammes.add(progress.programme());
					timeUsccs.add(progress.enterprise().value());
					timeStages.add(stage.name());
					timeAt.add(at);
				}
			});
			storedTimes.keySet().forEach((stage) -> {
				if (!progress.reachedAt().containsKey(stage)) {
					goneProgrammes.add(progress.programme());
					goneUsccs.add(progress.enterprise().value());
					goneStages.add(stage.name());
				}
			});
			index++;
		}
		Mono<Void> enterpriseRows = this.db.sql(this.saveSql)
			.bind("programme", programmeIds)
			.bind("uscc", usccs)
			.bind("version", versions)
			.bind("stage", stages)
			.bind("since", Timestamps.of(since))
			.bind("district", districts)
			.bind("industry", industries)
			.bind("provider", providers)
			.bind("attributes", attributes)
			.then();
		Mono<Void> forget = goneStages.isEmpty() ? Mono.empty()
				: this.db.sql(this.forgetStagesSql)
					.bind("programme", goneProgrammes.toArray(String[]::new))
					.bind("uscc", goneUsccs.toArray(String[]::new))
					.bind("stage", goneStages.toArray(String[]::new))
					.then();
		Mono<Void> times = timeStages.isEmpty() ? Mono.empty()
				: this.db.sql(this.saveStagesSql)
					.bind("programme", timeProgrammes.toArray(String[]::new))
					.bind("uscc", timeUsccs.toArray(String[]::new))
					.bind("stage", timeStages.toArray(String[]::new))
					.bind("at", Timestamps.of(timeAt.toArray(Instant[]::new)))
					.then();
		return enterpriseRows.then(forget).then(times);
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
		String[] programmeIds = new String[size];
		String[] usccs = new String[size];
		Long[] versions = new Long[size];
		Instant[] recordedAt = new Instant[size];
		Instant[] occurredAt = new Instant[size];
		String[] fromStages = new String[size];
		String[] toStages = new String[size];
		String[] districts = new String[size];
		String[] industries = new String[size];
		String[] providers = new String[size];
		String[] milestoneSources = new String[size];
		String[] milestoneIds = new String[size];
		String[] attributes = new String[size];
		String[] reachedAt = new String[size];
		Instant[] since = new Instant[size];
		Map<Map<String, String>, String> attributeTexts = new HashMap<>();
		for (int index = 0; index < size; index++) {
			StageChanged change = applied.get(index).change();
			EnterpriseProgress progress = applied.get(index).progress();
			programmeIds[index] = progress.programme();
			usccs[index] = progress.enterprise().value();
			versions[index] = progress.version();
			recordedAt[index] = change.recordedAt();
			occurredAt[index] = change.occurredAt();
			fromStages[index] = (change.from() != null) ? change.from().name() : null;
			toStages[index] = change.to().name();
			districts[index] = progress.district();
			industries[index] = progress.industry();
			providers[index] = progress.provider();
			milestoneSources[index] = change.milestoneSource();
			milestoneIds[index] = change.milestoneId();
			attributes[index] = attributeTexts.computeIfAbsent(progress.attributes(), StoredJson::attributes);
			reachedAt[index] = StoredJson.reachedAt(progress.reachedAt());
			since[index] = progress.since();
		}
		return this.db.sql(this.logSql)
			.bind("programme", programmeIds)
			.bind("uscc", usccs)
			.bind("version", versions)
			.bind("recorded_at", Timestamps.of(recordedAt))
			.bind("occurred_at", Timestamps.of(occurredAt))
			.bind("from_stage", fromStages)
			.bind("to_stage", toStages)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("provider", providers)
			.bind("milestone_source", milestoneSources)
			.bind("milestone_id", milestoneIds)
			.bind("attributes", attributes)
			.bind("reached_at", reachedAt)
			.bind("since", Timestamps.of(since))
			.then();
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
							(applied) -> logger.debug("Stage change {} of {} in {} (version {}): {}", change.to(),
									change.enterprise().value(), change.programme(), change.version(),
									applied ? "applied" : "already applied")));
		}).then();
	}

	/** Moves the counters by the batch's deltas. */
	private Mono<Void> moveCounters(Map<FunnelKey, Counts> deltas) {
		if (deltas.isEmpty()) {
			return Mono.empty();
		}
		int size = deltas.size();
		String[] programmeIds = new String[size];
		String[] districts = new String[size];
		String[] industries = new String[size];
		String[] attributes = new String[size];
		String[] stages = new String[size];
		Long[] reached = new Long[size];
		Long[] current = new Long[size];
		Map<Map<String, String>, String> attributeTexts = new HashMap<>();
		int index = 0;
		for (Map.Entry<FunnelKey, Counts> delta : deltas.entrySet()) {
			programmeIds[index] = delta.getKey().programme();
			districts[index] = delta.getKey().district();
			industries[index] = delta.getKey().industry();
			attributes[index] = attributeTexts.computeIfAbsent(delta.getKey().attributes(), StoredJson::attributes);
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
			.bind("programme", programmeIds)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("attributes", attributes)
			.bind("stage", stages)
			.then();
		// an empty counter is no row at all, so a rebuild, whatever its batches, gives
		// the same rows: a counter the batch empties is deleted instead of moved (both
		// parts read the counters as locked above, so they take disjoint rows)
		Mono<Void> move = this.db.sql(this.moveCountersSql)
			.bind("programme", programmeIds)
			.bind("district", districts)
			.bind("industry", industries)
			.bind("attributes", attributes)
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

	/**
	 * A programme's funnel, optionally narrowed to a district, an industry and values of
	 * its own attributes (each must match exactly).
	 */
	public Mono<Funnel> funnel(Programme programme, String district, String industry, Map<String, String> attributes) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				SELECT stage, sum(reached) AS reached, sum(current) AS current FROM funnel_count
				WHERE programme = :programme
				  AND (CAST(:district AS text) IS NULL OR district = :district)
				  AND (CAST(:industry AS text) IS NULL OR industry = :industry)
				  AND attributes @> CAST(:attributes AS jsonb)
				GROUP BY stage
				""").bind("programme", programme.id()).bind("attributes", StoredJson.attributes(attributes));
		spec = (district != null) ? spec.bind("district", district) : spec.bindNull("district", String.class);
		spec = (industry != null) ? spec.bind("industry", industry) : spec.bindNull("industry", String.class);
		return spec
			.map((row) -> Map.entry(new Stage(row.get("stage", String.class)),
					new Counts(number(row, "reached"), number(row, "current"))))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.map((counts) -> Funnel.of(programme, counts));
	}

	/** Every programme's whole funnel, in one query (for the gauges). */
	public Mono<Map<String, Funnel>> funnels() {
		return this.db.sql("""
				SELECT programme, stage, sum(reached) AS reached, sum(current) AS current FROM funnel_count
				GROUP BY programme, stage
				""")
			.map((row) -> List.<Object>of(row.get("programme", String.class), row.get("stage", String.class),
					number(row, "reached"), number(row, "current")))
			.all()
			.collectList()
			.map((rows) -> {
				Map<String, Map<Stage, Counts>> counts = new HashMap<>();
				for (List<Object> row : rows) {
					counts.computeIfAbsent((String) row.get(0), (id) -> new HashMap<>())
						.put(new Stage((String) row.get(1)), new Counts((Long) row.get(2), (Long) row.get(3)));
				}
				Map<String, Funnel> funnels = new LinkedHashMap<>();
				for (Programme programme : this.programmes.all()) {
					funnels.put(programme.id(), Funnel.of(programme, counts.getOrDefault(programme.id(), Map.of())));
				}
				return funnels;
			});
	}

	/** The projection's position: its last applied change, whatever its programme. */
	public Mono<Position> position() {
		return this.db.sql("SELECT seq, applied_at, recorded_at FROM change_log ORDER BY seq DESC LIMIT 1")
			.map((row) -> new Position(row.get("seq", Long.class), instant(row, "applied_at"),
					instant(row, "recorded_at")))
			.one()
			.defaultIfEmpty(Position.NONE);
	}

	private static long number(Readable row, String column) {
		Number value = row.get(column, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * The instant {@code microseconds} after the epoch; {@code null} for {@code null}.
	 */
	private static Instant microseconds(Long microseconds) {
		return (microseconds != null) ? Instant.ofEpochSecond(Math.floorDiv(microseconds, MICROSECONDS),
				Math.floorMod(microseconds, MICROSECONDS) * 1_000) : null;
	}

	private record StageTime(EnterpriseKey key, String stage, Instant at) {
	}

	/**
	 * A row of the lock's result (its columns by position), kept to be read once the
	 * result is consumed.
	 */
	private record EnterpriseRow(String programme, String uscc, long version, String stage, Instant since,
			String district, String industry, String provider, String attributes) {

		static EnterpriseRow of(Readable row) {
			return new EnterpriseRow(row.get(0, String.class), row.get(1, String.class), row.get(2, Long.class),
					row.get(3, String.class), microseconds(row.get(4, Long.class)), row.get(5, String.class),
					row.get(6, String.class), row.get(7, String.class), row.get(8, String.class));
		}

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
			String sql = template;
			for (String table : ShadowTables.TABLES) {
				sql = sql.replace("{" + table + "}", table + this.suffix);
			}
			return sql;
		}

	}

}

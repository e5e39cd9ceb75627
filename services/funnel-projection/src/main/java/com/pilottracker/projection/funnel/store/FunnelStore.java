package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.kafka.Traces;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.funnel.Counts;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.FunnelChange;
import com.pilottracker.projection.funnel.FunnelKey;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The projection's tables. A batch of stage changes is applied in one transaction: each
 * enterprise row is locked, checked against the change's version and updated, and the
 * batch's counter moves are summed and written once per counter at the end.
 */
@Component
public class FunnelStore {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(FunnelStore.class);

	private static final Map<Stage, String> REACHED_AT_COLUMN = Map.of(Stage.SOLICITED, "solicited_at",
			Stage.CONTRACTED, "contracted_at", Stage.PRE_ACCEPTANCE, "pre_acceptance_at", Stage.WITHDRAWN,
			"withdrawn_at");

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final ObservationRegistry observations;

	FunnelStore(DatabaseClient db, TransactionalOperator transaction, ObservationRegistry observations) {
		this.db = db;
		this.transaction = transaction;
		this.observations = observations;
	}

	/**
	 * Applies the changes in order, in one transaction.
	 * @return how many changes moved the funnel (the others were duplicates)
	 */
	public Mono<Integer> apply(List<StageChanged> changes) {
		return apply(changes, java.util.Collections.nCopies(changes.size(), null));
	}

	/**
	 * Applies the changes in order, in one transaction, each in the trace its record
	 * carried ({@code traces}: the {@code traceparent} of each, {@code null} where none).
	 * @return how many changes moved the funnel (the others were duplicates)
	 */
	public Mono<Integer> apply(List<StageChanged> changes, List<String> traces) {
		Map<FunnelKey, Counts> deltas = new LinkedHashMap<>();
		Mono<Integer> work = Flux.range(0, changes.size())
			.concatMap((index) -> Traces.continued(this.observations, "pilot.stage-change.apply", traces.get(index),
					Traces.logged(applyOne(changes.get(index), deltas),
							(applied) -> logger.debug("Stage change {} of {} (version {}): {}", changes.get(index).to(),
									changes.get(index).enterprise().value(), changes.get(index).version(),
									(applied > 0) ? "applied" : "already applied"))))
			.reduce(0, Integer::sum)
			.flatMap((applied) -> Flux.fromIterable(deltas.entrySet())
				.concatMap((delta) -> moveCounter(delta.getKey(), delta.getValue()))
				.then(Mono.just(applied)));
		return this.transaction.transactional(work);
	}

	private Mono<Integer> applyOne(StageChanged change, Map<FunnelKey, Counts> deltas) {
		return findForUpdate(change.enterprise()).map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((before) -> {
				FunnelChange outcome = FunnelChange.of(before, change);
				if (outcome instanceof FunnelChange.Apply apply) {
					apply.deltas().forEach((key, delta) -> deltas.merge(key, delta, Counts::plus));
					return save(apply.progress()).then(log(change, apply.progress())).thenReturn(1);
				}
				return Mono.just(0);
			});
	}

	private Mono<EnterpriseProgress> findForUpdate(Uscc enterprise) {
		return this.db.sql("""
				SELECT uscc, version, stage, district, industry, provider,
				       solicited_at, contracted_at, pre_acceptance_at, withdrawn_at
				FROM enterprise WHERE uscc = :uscc FOR UPDATE
				""").bind("uscc", enterprise.value()).map(FunnelStore::progress).first();
	}

	private Mono<Void> save(EnterpriseProgress progress) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO enterprise (uscc, version, stage, district, industry, provider,
				                        solicited_at, contracted_at, pre_acceptance_at, withdrawn_at)
				VALUES (:uscc, :version, :stage, :district, :industry, :provider,
				        :solicited_at, :contracted_at, :pre_acceptance_at, :withdrawn_at)
				ON CONFLICT (uscc) DO UPDATE SET version = EXCLUDED.version, stage = EXCLUDED.stage,
				    district = EXCLUDED.district, industry = EXCLUDED.industry,
				    provider = EXCLUDED.provider, solicited_at = EXCLUDED.solicited_at,
				    contracted_at = EXCLUDED.contracted_at, pre_acceptance_at = EXCLUDED.pre_acceptance_at,
				    withdrawn_at = EXCLUDED.withdrawn_at
				""")
			.bind("uscc", progress.enterprise().value())
			.bind("version", progress.version())
			.bind("stage", progress.stage().name())
			.bind("district", progress.district())
			.bind("industry", progress.industry());
		spec = (progress.provider() != null) ? spec.bind("provider", progress.provider())
				: spec.bindNull("provider", String.class);
		for (Stage stage : Stage.values()) {
			Instant at = progress.reachedAt().get(stage);
			String column = REACHED_AT_COLUMN.get(stage);
			spec = (at != null) ? spec.bind(column, at.atOffset(ZoneOffset.UTC))
					: spec.bindNull(column, OffsetDateTime.class);
		}
		return spec.then();
	}

	/** Appends the applied change to {@code change_log}, the projection's history. */
	private Mono<Void> log(StageChanged change, EnterpriseProgress progress) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO change_log (uscc, version, recorded_at, occurred_at, applied_at, from_stage, to_stage,
				    district, industry, provider, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
				    milestone_source, milestone_id)
				VALUES (:uscc, :version, :recorded_at, :occurred_at, now(), :from_stage, :to_stage,
				    :district, :industry, :provider, :solicited_at, :contracted_at, :pre_acceptance_at, :withdrawn_at,
				    :milestone_source, :milestone_id)
				ON CONFLICT (uscc, version) DO NOTHING
				""")
			.bind("uscc", progress.enterprise().value())
			.bind("version", progress.version())
			.bind("recorded_at", change.recordedAt().atOffset(ZoneOffset.UTC))
			.bind("occurred_at", change.occurredAt().atOffset(ZoneOffset.UTC))
			.bind("to_stage", change.to().name())
			.bind("district", progress.district())
			.bind("industry", progress.industry());
		spec = text(spec, "from_stage", (change.from() != null) ? change.from().name() : null);
		spec = text(spec, "provider", progress.provider());
		spec = text(spec, "milestone_source", change.milestoneSource());
		spec = text(spec, "milestone_id", change.milestoneId());
		for (Stage stage : Stage.values()) {
			Instant at = progress.reachedAt().get(stage);
			String column = REACHED_AT_COLUMN.get(stage);
			spec = (at != null) ? spec.bind(column, at.atOffset(ZoneOffset.UTC))
					: spec.bindNull(column, OffsetDateTime.class);
		}
		return spec.then();
	}

	private static DatabaseClient.GenericExecuteSpec text(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	/** Whether the projection has enterprises but no history (tables from before V2). */
	public Mono<Boolean> lacksHistory() {
		return this.db
			.sql("SELECT EXISTS (SELECT 1 FROM enterprise) AND NOT EXISTS (SELECT 1 FROM change_log) AS lacks")
			.map((row) -> Boolean.TRUE.equals(row.get("lacks", Boolean.class)))
			.one();
	}

	private Mono<Void> moveCounter(FunnelKey key, Counts delta) {
		// create the counter at zero first, so the constraint reached, current >= 0 holds
		// at every step
		Mono<Void> create = this.db.sql("""
				INSERT INTO funnel_count (district, industry, stage, reached, current)
				VALUES (:district, :industry, :stage, 0, 0)
				ON CONFLICT (district, industry, stage) DO NOTHING
				""")
			.bind("district", key.district())
			.bind("industry", key.industry())
			.bind("stage", key.stage().name())
			.then();
		Mono<Void> move = this.db.sql("""
				UPDATE funnel_count SET reached = reached + :reached, current = current + :current
				WHERE district = :district AND industry = :industry AND stage = :stage
				""")
			.bind("district", key.district())
			.bind("industry", key.industry())
			.bind("stage", key.stage().name())
			.bind("reached", delta.reached())
			.bind("current", delta.current())
			.then();
		// an empty counter is no row at all, so a rebuild, whatever its batches, gives
		// the same rows
		Mono<Void> dropIfEmpty = this.db.sql("""
				DELETE FROM funnel_count
				WHERE district = :district AND industry = :industry AND stage = :stage AND reached = 0 AND current = 0
				""")
			.bind("district", key.district())
			.bind("industry", key.industry())
			.bind("stage", key.stage().name())
			.then();
		return create.then(move).then(dropIfEmpty);
	}

	/** Empties the projection's tables, in one transaction, before a rebuild. */
	public Mono<Void> truncate() {
		// change_log's sequence goes on counting: a position never goes backwards
		return this.transaction.transactional(this.db.sql("TRUNCATE enterprise, funnel_count, change_log").then());
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

}

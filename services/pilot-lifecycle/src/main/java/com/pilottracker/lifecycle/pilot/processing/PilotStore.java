package com.pilottracker.lifecycle.pilot.processing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.pilot.PilotState;
import com.pilottracker.lifecycle.pilot.Verdict;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's tables {@code pilot} and {@code milestone}, through R2DBC, a batch at a
 * time: each method is one statement, whatever the batch's size, its values bound as
 * arrays.
 * <p>
 * Where a statement looks rows up by a batch's keys it does so one index lookup per key
 * (a lateral subquery the planner may not flatten): a young table has no statistics, and
 * the planner then takes {@code uscc = ANY(:usccs)} to match a good part of it and scans
 * all of it, batch after batch.
 */
@Component
class PilotStore {

	private static final Map<Stage, String> REACHED_AT_COLUMN = Map.of(Stage.SOLICITED, "solicited_at",
			Stage.CONTRACTED, "contracted_at", Stage.PRE_ACCEPTANCE, "pre_acceptance_at", Stage.WITHDRAWN,
			"withdrawn_at");

	private final DatabaseClient db;

	PilotStore(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Which of the milestones were received before, by source and id. The same statement
	 * creates, empty, the pilots that the enterprises of the others lack, for
	 * {@link #lock} to find.
	 */
	Mono<Set<BatchDecider.MilestoneKey>> received(List<Milestone> milestones, Instant now) {
		// LIMIT 1: one primary-key lookup per milestone (see the class comment); the
		// pilots are created in the order lock takes them in
		return this.db.sql("""
				WITH batch AS (
				    SELECT * FROM unnest(:sources::text[], :ids::text[], :usccs::bpchar[]) AS b(source, id, uscc)),
				received AS (
				    SELECT m.source, m.id
				    FROM batch,
				        LATERAL (SELECT source, id FROM milestone
				                 WHERE milestone.source = batch.source AND milestone.id = batch.id
				                 LIMIT 1) AS m),
				created AS (
				    INSERT INTO pilot (uscc, version, updated_at)
				    SELECT DISTINCT uscc, 0, :now::timestamptz FROM batch
				    WHERE NOT EXISTS (SELECT FROM received
				                      WHERE received.source = batch.source AND received.id = batch.id)
				    ORDER BY uscc
				    ON CONFLICT (uscc) DO NOTHING)
				SELECT source, id FROM received
				""")
			.bind("sources", texts(milestones, Milestone::source))
			.bind("ids", texts(milestones, Milestone::id))
			.bind("usccs", texts(milestones, (milestone) -> milestone.subject().value()))
			.bind("now", utc(now))
			.map((row) -> new BatchDecider.MilestoneKey(row.get("source", String.class), row.get("id", String.class)))
			.all()
			.collect(Collectors.toSet());
	}

	/**
	 * The enterprises' pilots, locked until the transaction ends.
	 * <p>
	 * They are locked one after the other in the order of their USCC, so two lifecycles
	 * deciding batches that share enterprises wait for each other instead of deadlocking.
	 * This is a statement of its own, after the pilots are created and before their
	 * milestones are read: a statement sees the database as it was when it started, and
	 * waiting for a lock must not hide what the holder committed.
	 */
	Mono<Map<Uscc, StoredPilot>> lock(Collection<Uscc> enterprises) {
		return this.db.sql("""
				SELECT p.uscc, p.stage, p.version, p.solicited_at, p.contracted_at, p.pre_acceptance_at,
				       p.withdrawn_at, p.district, p.industry, p.provider
				FROM (SELECT DISTINCT uscc FROM unnest(:usccs::bpchar[]) AS uscc ORDER BY uscc) AS e,
				    LATERAL (SELECT * FROM pilot WHERE pilot.uscc = e.uscc FOR UPDATE) AS p
				""")
			.bind("usccs", texts(enterprises, Uscc::value))
			.map((row) -> Map.entry(new Uscc(row.get("uscc", String.class)), storedPilot(row)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * The enterprises' milestones that take part in their decisions (all but expired
	 * holds).
	 */
	Flux<StoredMilestone> milestonesOf(Collection<Uscc> enterprises) {
		// OFFSET 0: one index lookup per enterprise (see the class comment)
		return this.db.sql("""
				SELECT m.source, m.id, m.uscc, m.type, m.occurred_at, m.district, m.industry, m.provider,
				       m.enterprise_name, m.status, m.reason, m.detail, m.waiting_for, m.decision_version
				FROM unnest(:usccs::bpchar[]) AS e(uscc),
				    LATERAL (SELECT * FROM milestone
				             WHERE milestone.uscc = e.uscc
				               AND NOT (status = 'REJECTED' AND reason = 'PREDECESSOR_MISSING')
				             OFFSET 0) AS m
				""").bind("usccs", texts(enterprises, Uscc::value)).map(PilotStore::storedMilestone).all();
	}

	/**
	 * Stores a batch's decisions in one statement: the milestones received, each with its
	 * verdict and decision version; the changed verdicts of milestones received before;
	 * and the pilots that changed, with their versions.
	 */
	Mono<Void> write(BatchDecider.Effects effects, Instant now) {
		List<StoredMilestone> inserted = effects.inserted();
		List<StoredMilestone> updated = effects.updated();
		List<SavedPilot> saved = effects.saved();
		if (inserted.isEmpty() && updated.isEmpty() && saved.isEmpty()) {
			return Mono.empty();
		}
		// the three parts touch different rows, so running them as one statement is safe
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				WITH inserted AS (
				    INSERT INTO milestone (source, id, uscc, type, occurred_at, district, industry, provider,
				        enterprise_name, status, reason, detail, waiting_for, decision_version, received_at,
				        decided_at)
				    SELECT source, id, uscc, type, occurred_at, district, industry, provider,
				        enterprise_name, status, reason, detail, waiting_for, decision_version, :now, :now
				    FROM unnest(:sources::text[], :ids::text[], :usccs::bpchar[], :types::text[],
				        :times::timestamptz[], :districts::text[], :industries::text[], :providers::text[],
				        :names::text[], :statuses::text[], :reasons::text[], :details::text[],
				        :waiting_for::text[], :decision_versions::int8[])
				        AS m(source, id, uscc, type, occurred_at, district, industry, provider, enterprise_name,
				        status, reason, detail, waiting_for, decision_version)),
				updated AS (
				    UPDATE milestone SET status = m.status, reason = m.reason, detail = m.detail,
				        waiting_for = m.waiting_for, decision_version = m.decision_version, decided_at = :now
				    FROM unnest(:updated_sources::text[], :updated_ids::text[], :updated_statuses::text[],
				        :updated_reasons::text[], :updated_details::text[], :updated_waiting_for::text[],
				        :updated_decision_versions::int8[])
				        AS m(source, id, status, reason, detail, waiting_for, decision_version)
				    WHERE milestone.source = m.source AND milestone.id = m.id)
				UPDATE pilot SET stage = p.stage, version = p.version, solicited_at = p.solicited_at,
				    contracted_at = p.contracted_at, pre_acceptance_at = p.pre_acceptance_at,
				    withdrawn_at = p.withdrawn_at, district = p.district, industry = p.industry,
				    provider = p.provider, updated_at = :now
				FROM unnest(:pilots::bpchar[], :stages::text[], :versions::int8[], :solicited_at::timestamptz[],
				    :contracted_at::timestamptz[], :pre_acceptance_at::timestamptz[], :withdrawn_at::timestamptz[],
				    :pilot_districts::text[], :pilot_industries::text[], :pilot_providers::text[])
				    AS p(uscc, stage, version, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
				    district, industry, provider)
				WHERE pilot.uscc = p.uscc
				""")
			.bind("now", utc(now))
			.bind("sources", texts(inserted, (each) -> each.milestone().source()))
			.bind("ids", texts(inserted, (each) -> each.milestone().id()))
			.bind("usccs", texts(inserted, (each) -> each.milestone().subject().value()))
			.bind("types", texts(inserted, (each) -> each.milestone().type().cloudEventType()))
			.bind("times", times(inserted, (each) -> each.milestone().time()))
			.bind("districts", texts(inserted, (each) -> each.milestone().data().district()))
			.bind("industries", texts(inserted, (each) -> each.milestone().data().industry()))
			.bind("providers", texts(inserted, (each) -> each.milestone().data().provider()))
			.bind("names", texts(inserted, (each) -> each.milestone().data().enterpriseName()))
			.bind("updated_sources", texts(updated, (each) -> each.milestone().source()))
			.bind("updated_ids", texts(updated, (each) -> each.milestone().id()))
			.bind("pilots", texts(saved, (each) -> each.enterprise().value()))
			.bind("stages", texts(saved, (each) -> each.state().stage().name()))
			.bind("versions", saved.stream().map(SavedPilot::version).toArray(Long[]::new))
			.bind("pilot_districts", texts(saved, (each) -> each.state().district()))
			.bind("pilot_industries", texts(saved, (each) -> each.state().industry()))
			.bind("pilot_providers", texts(saved, (each) -> each.state().provider()));
		spec = bindVerdicts(spec, "", inserted);
		spec = bindVerdicts(spec, "updated_", updated);
		for (Stage stage : Stage.values()) {
			spec = spec.bind(REACHED_AT_COLUMN.get(stage), times(saved, (each) -> each.state().reachedAt().get(stage)));
		}
		return spec.then();
	}

	/** Enterprises with a held milestone that happened before {@code cutoff}. */
	Flux<Uscc> enterprisesWithHoldsBefore(Instant cutoff, int limit) {
		return this.db.sql("""
				SELECT DISTINCT uscc FROM (
				    SELECT uscc FROM milestone WHERE status = 'HELD' AND occurred_at < :cutoff
				    ORDER BY occurred_at LIMIT :limit) expired
				""")
			.bind("cutoff", utc(cutoff))
			.bind("limit", limit)
			.map((row) -> new Uscc(row.get("uscc", String.class)))
			.all();
	}

	Mono<Long> heldCount() {
		return this.db.sql("SELECT count(*) AS n FROM milestone WHERE status = 'HELD'")
			.map((row) -> row.get("n", Long.class))
			.one();
	}

	private static DatabaseClient.GenericExecuteSpec bindVerdicts(DatabaseClient.GenericExecuteSpec spec, String prefix,
			List<StoredMilestone> milestones) {
		return spec.bind(prefix + "statuses", texts(milestones, (each) -> each.verdict().status().name()))
			.bind(prefix + "reasons", texts(milestones, (each) -> name(each.verdict().reason())))
			.bind(prefix + "details", texts(milestones, (each) -> each.verdict().detail()))
			.bind(prefix + "waiting_for", texts(milestones, (each) -> name(each.verdict().waitingFor())))
			.bind(prefix + "decision_versions",
					milestones.stream().map(StoredMilestone::decisionVersion).toArray(Long[]::new));
	}

	private static StoredPilot storedPilot(Readable row) {
		String stage = row.get("stage", String.class);
		if (stage == null) {
			return new StoredPilot(null, row.get("version", Long.class));
		}
		Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
		for (Stage each : Stage.values()) {
			OffsetDateTime at = row.get(REACHED_AT_COLUMN.get(each), OffsetDateTime.class);
			if (at != null) {
				reachedAt.put(each, at.toInstant());
			}
		}
		return new StoredPilot(
				new PilotState(Stage.valueOf(stage), reachedAt, row.get("district", String.class),
						row.get("industry", String.class), row.get("provider", String.class)),
				row.get("version", Long.class));
	}

	private static StoredMilestone storedMilestone(Readable row) {
		Milestone milestone = new Milestone(row.get("id", String.class), row.get("source", String.class),
				MilestoneType.fromCloudEventType(row.get("type", String.class)).orElseThrow(),
				new Uscc(row.get("uscc", String.class)), row.get("occurred_at", OffsetDateTime.class).toInstant(),
				new MilestoneData(row.get("district", String.class), row.get("industry", String.class),
						row.get("provider", String.class), row.get("enterprise_name", String.class)));
		String reason = row.get("reason", String.class);
		String waitingFor = row.get("waiting_for", String.class);
		Verdict verdict = new Verdict(MilestoneStatus.valueOf(row.get("status", String.class)),
				(reason != null) ? RejectionReason.valueOf(reason) : null, row.get("detail", String.class),
				(waitingFor != null) ? Stage.valueOf(waitingFor) : null);
		return new StoredMilestone(milestone, verdict, row.get("decision_version", Long.class));
	}

	private static <T> String[] texts(Collection<T> items, Function<T, String> text) {
		return items.stream().map(text).toArray(String[]::new);
	}

	private static <T> OffsetDateTime[] times(Collection<T> items, Function<T, Instant> time) {
		return items.stream()
			.map(time)
			.map((instant) -> (instant != null) ? utc(instant) : null)
			.toArray(OffsetDateTime[]::new);
	}

	private static String name(Enum<?> value) {
		return (value != null) ? value.name() : null;
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * The pilot row as stored.
	 *
	 * @param state the pilot, {@code null} if no milestone of the enterprise is applied
	 * @param version the number of changes published for the enterprise
	 */
	record StoredPilot(PilotState state, long version) {
	}

	/**
	 * A milestone as stored, with its latest verdict and how many verdicts it has had.
	 */
	record StoredMilestone(Milestone milestone, Verdict verdict, long decisionVersion) {
	}

	/**
	 * A pilot to store.
	 *
	 * @param enterprise whose pilot
	 * @param state the pilot
	 * @param version the number of changes published for the enterprise, this one
	 * included
	 */
	record SavedPilot(Uscc enterprise, PilotState state, long version) {
	}

}

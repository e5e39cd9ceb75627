package com.pilottracker.lifecycle.processing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.lifecycle.deciding.BatchDecider;
import com.pilottracker.lifecycle.deciding.Key;
import com.pilottracker.lifecycle.deciding.StoredMilestone;
import com.pilottracker.lifecycle.deciding.StoredState;
import com.pilottracker.lifecycle.programme.ProgrammeState;
import com.pilottracker.lifecycle.programme.Verdict;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's tables {@code pilot} (one row per programme and enterprise),
 * {@code milestone} and {@code log_clock}, through R2DBC, a batch at a time: each method
 * is one statement, whatever the batch's size, its values bound as arrays.
 * <p>
 * Where a statement looks rows up by a batch's keys it does so one index lookup per key
 * (a lateral subquery the planner may not flatten): a young table has no statistics, and
 * the planner then takes {@code uscc = ANY(:usccs)} to match a good part of it and scans
 * all of it, batch after batch.
 */
@Component
class ProgrammeStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final ProgrammeCatalog catalog;

	ProgrammeStore(DatabaseClient db, ProgrammeCatalog catalog) {
		this.db = db;
		this.catalog = catalog;
	}

	/**
	 * Which of the milestones were received before, by source and id. The same statement
	 * creates, empty, the rows that the programmes and enterprises of the others lack,
	 * for {@link #lock} to find.
	 */
	Mono<Set<BatchDecider.MilestoneKey>> received(List<Milestone> milestones) {
		// LIMIT 1: one primary-key lookup per milestone (see the class comment); the
		// rows are created in the order lock takes them in
		return this.db.sql("""
				WITH batch AS (
				    SELECT * FROM unnest(:sources::text[], :ids::text[], :programmes::text[], :usccs::bpchar[])
				        AS b(source, id, programme, uscc)),
				received AS (
				    SELECT m.source, m.id
				    FROM batch,
				        LATERAL (SELECT source, id FROM milestone
				                 WHERE milestone.source = batch.source AND milestone.id = batch.id
				                 LIMIT 1) AS m),
				created AS (
				    INSERT INTO pilot (programme, uscc, version, updated_at)
				    SELECT DISTINCT programme, uscc, 0, now() FROM batch
				    WHERE NOT EXISTS (SELECT FROM received
				                      WHERE received.source = batch.source AND received.id = batch.id)
				    ORDER BY programme, uscc
				    ON CONFLICT (programme, uscc) DO NOTHING)
				SELECT source, id FROM received
				""")
			.bind("sources", texts(milestones, Milestone::source))
			.bind("ids", texts(milestones, Milestone::id))
			.bind("programmes", texts(milestones, Milestone::programme))
			.bind("usccs", texts(milestones, (milestone) -> milestone.subject().value()))
			.map((row) -> new BatchDecider.MilestoneKey(row.get("source", String.class), row.get("id", String.class)))
			.all()
			.collect(Collectors.toSet());
	}

	/**
	 * The log time of each of the partitions, locked until the transaction ends (a
	 * partition has no log time before its first batch).
	 */
	Mono<Map<Integer, Instant>> logTimes(Collection<Integer> partitions) {
		return this.db.sql("""
				SELECT log_partition, log_time FROM log_clock WHERE log_partition = ANY(:partitions)
				ORDER BY log_partition FOR UPDATE
				""")
			.bind("partitions", partitions.toArray(new Integer[0]))
			.map((row) -> Map.entry(row.get("log_partition", Integer.class),
					row.get("log_time", OffsetDateTime.class).toInstant()))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
	}

	/**
	 * The programmes and enterprises with a hold or lapse due before their partition's
	 * log time ({@code clocks}, as the batch will leave them); a row that does not know
	 * its partition yet counts as on every partition.
	 */
	Flux<Key> due(Map<Integer, Instant> clocks) {
		return this.db.sql("""
				SELECT DISTINCT p.programme, p.uscc
				FROM unnest(:partitions::int4[], :times::timestamptz[]) AS c(log_partition, log_time),
				    LATERAL (SELECT programme, uscc FROM pilot
				             WHERE (pilot.log_partition = c.log_partition OR pilot.log_partition IS NULL)
				               AND pilot.due_at IS NOT NULL AND pilot.due_at < c.log_time
				             OFFSET 0) AS p
				""")
			.bind("partitions", clocks.keySet().toArray(new Integer[0]))
			.bind("times", times(clocks.values(), Function.identity()))
			.map((row) -> new Key(row.get("programme", String.class), new Uscc(row.get("uscc", String.class))))
			.all();
	}

	/**
	 * The enterprises' rows, locked until the transaction ends.
	 * <p>
	 * They are locked one after the other in the order of their keys, so two lifecycles
	 * deciding batches that share enterprises wait for each other instead of deadlocking.
	 * This is a statement of its own, after the rows are created and before their
	 * milestones are read: a statement sees the database as it was when it started, and
	 * waiting for a lock must not hide what the holder committed.
	 */
	Mono<Map<Key, StoredState>> lock(Collection<Key> keys) {
		return this.db.sql("""
				SELECT p.programme, p.uscc, p.stage, p.version, p.reached_at, p.district, p.industry, p.attributes,
				       p.provider, p.due_at, p.log_partition
				FROM (SELECT DISTINCT programme, uscc FROM unnest(:programmes::text[], :usccs::bpchar[])
				          AS k(programme, uscc) ORDER BY programme, uscc) AS e,
				    LATERAL (SELECT * FROM pilot WHERE pilot.programme = e.programme AND pilot.uscc = e.uscc
				             FOR UPDATE) AS p
				""")
			.bind("programmes", texts(keys, Key::programme))
			.bind("usccs", texts(keys, (key) -> key.enterprise().value()))
			.map((row) -> Map.entry(
					new Key(row.get("programme", String.class), new Uscc(row.get("uscc", String.class))),
					storedState(row)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * The enterprises' milestones in their programmes that take part in their decisions
	 * (all but expired holds).
	 */
	Flux<StoredMilestone> milestonesOf(Collection<Key> keys) {
		// OFFSET 0: one index lookup per enterprise (see the class comment)
		return this.db.sql("""
				SELECT m.source, m.id, m.uscc, m.type, m.occurred_at, m.accepted_at, m.district, m.industry,
				       m.provider, m.enterprise_name, m.attributes, m.status, m.reason, m.detail, m.waiting_for,
				       m.decision_version, m.decided_at
				FROM unnest(:programmes::text[], :usccs::bpchar[]) AS e(programme, uscc),
				    LATERAL (SELECT * FROM milestone
				             WHERE milestone.programme = e.programme AND milestone.uscc = e.uscc
				               AND NOT (status = 'REJECTED' AND reason = 'PREDECESSOR_MISSING')
				             OFFSET 0) AS m
				""")
			.bind("programmes", texts(keys, Key::programme))
			.bind("usccs", texts(keys, (key) -> key.enterprise().value()))
			.map(ProgrammeStore::storedMilestone)
			.all();
	}

	/**
	 * Stores a batch's decisions in one statement: the milestones received, each with its
	 * verdict, decision version and decision time; the changed verdicts of milestones
	 * received before; the rows of enterprises that changed; and the log clocks.
	 */
	Mono<Void> write(BatchDecider.Effects effects) {
		List<StoredMilestone> inserted = effects.inserted();
		List<StoredMilestone> updated = effects.updated();
		List<Map.Entry<Key, StoredState>> saved = new ArrayList<>(effects.saved().entrySet());
		List<Map.Entry<Integer, Instant>> clocks = new ArrayList<>(effects.logTimes().entrySet());
		if (inserted.isEmpty() && updated.isEmpty() && saved.isEmpty() && clocks.isEmpty()) {
			return Mono.empty();
		}
		// the parts touch different rows, so running them as one statement is safe
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				WITH inserted AS (
				    INSERT INTO milestone (source, id, programme, uscc, type, occurred_at, accepted_at, district,
				        industry, provider, enterprise_name, attributes, status, reason, detail, waiting_for,
				        decision_version, received_at, decided_at)
				    SELECT source, id, programme, uscc, type, occurred_at, accepted_at, district, industry, provider,
				        enterprise_name, attributes::jsonb, status, reason, detail, waiting_for, decision_version,
				        now(), decided_at
				    FROM unnest(:sources::text[], :ids::text[], :programmes::text[], :usccs::bpchar[],
				        :types::text[], :times::timestamptz[], :accepted::timestamptz[], :districts::text[],
				        :industries::text[], :providers::text[], :names::text[], :attributes::text[],
				        :statuses::text[], :reasons::text[], :details::text[], :waiting_for::text[],
				        :decision_versions::int8[], :decided_at::timestamptz[])
				        AS m(source, id, programme, uscc, type, occurred_at, accepted_at, district, industry,
				        provider, enterprise_name, attributes, status, reason, detail, waiting_for,
				        decision_version, decided_at)),
				updated AS (
				    UPDATE milestone SET status = m.status, reason = m.reason, detail = m.detail,
				        waiting_for = m.waiting_for, decision_version = m.decision_version,
				        decided_at = m.decided_at
				    FROM unnest(:updated_sources::text[], :updated_ids::text[], :updated_statuses::text[],
				        :updated_reasons::text[], :updated_details::text[], :updated_waiting_for::text[],
				        :updated_decision_versions::int8[], :updated_decided_at::timestamptz[])
				        AS m(source, id, status, reason, detail, waiting_for, decision_version, decided_at)
				    WHERE milestone.source = m.source AND milestone.id = m.id),
				clocks AS (
				    INSERT INTO log_clock (log_partition, log_time)
				    SELECT * FROM unnest(:clock_partitions::int4[], :clock_times::timestamptz[])
				    ON CONFLICT (log_partition) DO UPDATE SET log_time = excluded.log_time)
				UPDATE pilot SET stage = p.stage, version = p.version, reached_at = coalesce(p.reached_at::jsonb, '{}'),
				    district = p.district, industry = p.industry, attributes = p.attributes::jsonb,
				    provider = p.provider, due_at = p.due_at, log_partition = p.log_partition, updated_at = now()
				FROM unnest(:states_programmes::text[], :states_usccs::bpchar[], :stages::text[], :versions::int8[],
				    :reached_at::text[], :state_districts::text[], :state_industries::text[],
				    :state_attributes::text[], :state_providers::text[], :due_at::timestamptz[],
				    :partitions::int4[])
				    AS p(programme, uscc, stage, version, reached_at, district, industry, attributes, provider,
				    due_at, log_partition)
				WHERE pilot.programme = p.programme AND pilot.uscc = p.uscc
				""")
			.bind("sources", texts(inserted, (each) -> each.milestone().source()))
			.bind("ids", texts(inserted, (each) -> each.milestone().id()))
			.bind("programmes", texts(inserted, (each) -> each.milestone().programme()))
			.bind("usccs", texts(inserted, (each) -> each.milestone().subject().value()))
			.bind("types", texts(inserted, (each) -> each.milestone().type().cloudEventType()))
			.bind("times", times(inserted, (each) -> each.milestone().time()))
			.bind("accepted", times(inserted, (each) -> each.milestone().acceptedAt()))
			.bind("districts", texts(inserted, (each) -> each.milestone().data().district()))
			.bind("industries", texts(inserted, (each) -> each.milestone().data().industry()))
			.bind("providers", texts(inserted, (each) -> each.milestone().data().provider()))
			.bind("names", texts(inserted, (each) -> each.milestone().data().enterpriseName()))
			.bind("attributes", texts(inserted, (each) -> json(each.milestone().data().attributes())))
			.bind("updated_sources", texts(updated, (each) -> each.milestone().source()))
			.bind("updated_ids", texts(updated, (each) -> each.milestone().id()))
			.bind("clock_partitions", clocks.stream().map(Map.Entry::getKey).toArray(Integer[]::new))
			.bind("clock_times", times(clocks, Map.Entry::getValue))
			.bind("states_programmes", texts(saved, (each) -> each.getKey().programme()))
			.bind("states_usccs", texts(saved, (each) -> each.getKey().enterprise().value()))
			.bind("stages", texts(saved, (each) -> state(each, (state) -> state.stage().name())))
			.bind("versions", saved.stream().map((each) -> each.getValue().version()).toArray(Long[]::new))
			.bind("reached_at", texts(saved, (each) -> state(each, (state) -> reachedAt(state.reachedAt()))))
			.bind("state_districts", texts(saved, (each) -> state(each, ProgrammeState::district)))
			.bind("state_industries", texts(saved, (each) -> state(each, ProgrammeState::industry)))
			.bind("state_attributes", texts(saved,
					(each) -> json(
							(each.getValue().state() != null) ? each.getValue().state().attributes() : Map.of())))
			.bind("state_providers", texts(saved, (each) -> state(each, ProgrammeState::provider)))
			.bind("due_at", times(saved, (each) -> each.getValue().due()))
			.bind("partitions", saved.stream().map((each) -> each.getValue().partition()).toArray(Integer[]::new));
		spec = bindVerdicts(spec, "", inserted);
		spec = bindVerdicts(spec, "updated_", updated);
		return spec.then();
	}

	/** How many milestones are held, by programme. */
	Mono<Map<String, Long>> heldCounts() {
		return this.db.sql("SELECT programme, count(*) AS n FROM milestone WHERE status = 'HELD' GROUP BY programme")
			.map((row) -> Map.entry(row.get("programme", String.class), row.get("n", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private static <T> T state(Map.Entry<Key, StoredState> saved, Function<ProgrammeState, T> value) {
		ProgrammeState state = saved.getValue().state();
		return (state != null) ? value.apply(state) : null;
	}

	private static DatabaseClient.GenericExecuteSpec bindVerdicts(DatabaseClient.GenericExecuteSpec spec, String prefix,
			List<StoredMilestone> milestones) {
		return spec.bind(prefix + "statuses", texts(milestones, (each) -> each.verdict().status().name()))
			.bind(prefix + "reasons", texts(milestones, (each) -> reason(each.verdict())))
			.bind(prefix + "details", texts(milestones, (each) -> each.verdict().detail()))
			.bind(prefix + "waiting_for", texts(milestones, (each) -> waitingFor(each.verdict())))
			.bind(prefix + "decision_versions",
					milestones.stream().map(StoredMilestone::decisionVersion).toArray(Long[]::new))
			.bind(prefix + "decided_at", times(milestones, StoredMilestone::decidedAt));
	}

	static String reason(Verdict verdict) {
		return (verdict instanceof Verdict.Rejected rejected) ? rejected.reason().name() : null;
	}

	static String waitingFor(Verdict verdict) {
		return (verdict instanceof Verdict.Held held) ? held.waitingFor().name() : null;
	}

	private StoredState storedState(Readable row) {
		Instant due = instant(row.get("due_at", OffsetDateTime.class));
		Integer partition = row.get("log_partition", Integer.class);
		long version = row.get("version", Long.class);
		String stage = row.get("stage", String.class);
		if (stage == null) {
			return new StoredState(null, version, due, partition);
		}
		Programme programme = this.catalog.require(row.get("programme", String.class));
		Map<String, String> stored = JSON.readValue(row.get("reached_at", Json.class).asString(), TEXTS);
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		for (Stage each : programme.allStages()) {
			String at = stored.get(each.name());
			if (at != null) {
				reachedAt.put(each, Instant.parse(at));
			}
		}
		Map<String, String> attributes = JSON.readValue(row.get("attributes", Json.class).asString(), TEXTS);
		return new StoredState(
				new ProgrammeState(new Stage(stage), reachedAt, row.get("district", String.class),
						row.get("industry", String.class), attributes, row.get("provider", String.class)),
				version, due, partition);
	}

	private static StoredMilestone storedMilestone(Readable row) {
		Map<String, String> attributes = JSON.readValue(row.get("attributes", Json.class).asString(), TEXTS);
		Milestone milestone = new Milestone(row.get("id", String.class), row.get("source", String.class),
				new MilestoneType(row.get("type", String.class)), new Uscc(row.get("uscc", String.class)),
				row.get("occurred_at", OffsetDateTime.class).toInstant(),
				row.get("accepted_at", OffsetDateTime.class).toInstant(),
				new MilestoneData(row.get("district", String.class), row.get("industry", String.class),
						row.get("provider", String.class), row.get("enterprise_name", String.class), attributes));
		String reason = row.get("reason", String.class);
		String waitingFor = row.get("waiting_for", String.class);
		String detail = row.get("detail", String.class);
		MilestoneStatus status = MilestoneStatus.valueOf(row.get("status", String.class));
		Verdict verdict = switch (status) {
			case APPLIED -> Verdict.APPLIED;
			case HELD -> new Verdict.Held(new Stage(waitingFor), detail);
			default -> new Verdict.Rejected(RejectionReason.valueOf(reason), detail);
		};
		return new StoredMilestone(milestone, verdict, row.get("decision_version", Long.class),
				row.get("decided_at", OffsetDateTime.class).toInstant());
	}

	/** Stage name to instant, as the {@code reached_at} column keeps it. */
	static String reachedAt(Map<Stage, Instant> reachedAt) {
		Map<String, String> text = new LinkedHashMap<>();
		reachedAt.forEach((stage, at) -> text.put(stage.name(), at.toString()));
		return json(text);
	}

	private static String json(Map<String, String> values) {
		return JSON.writeValueAsString(values);
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
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

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}

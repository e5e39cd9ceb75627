package com.pilottracker.lifecycle.pilot.processing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

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

/** The lifecycle's tables {@code pilot} and {@code milestone}, through R2DBC. */
@Component
class PilotStore {

	private static final Map<Stage, String> REACHED_AT_COLUMN = Map.of(Stage.SOLICITED, "solicited_at",
			Stage.CONTRACTED, "contracted_at", Stage.PRE_ACCEPTANCE, "pre_acceptance_at", Stage.WITHDRAWN,
			"withdrawn_at");

	private final DatabaseClient db;

	PilotStore(DatabaseClient db) {
		this.db = db;
	}

	Mono<Boolean> received(Milestone milestone) {
		return this.db.sql("SELECT 1 FROM milestone WHERE source = :source AND id = :id")
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.map((row) -> Boolean.TRUE)
			.first()
			.defaultIfEmpty(Boolean.FALSE);
	}

	/**
	 * The enterprise's pilot, created empty if need be, locked until the transaction
	 * ends.
	 */
	Mono<StoredPilot> lock(Uscc enterprise, Instant now) {
		Mono<Void> create = this.db
			.sql("INSERT INTO pilot (uscc, version, updated_at) VALUES (:uscc, 0, :now) ON CONFLICT (uscc) DO NOTHING")
			.bind("uscc", enterprise.value())
			.bind("now", utc(now))
			.then();
		Mono<StoredPilot> lock = this.db.sql("""
				SELECT stage, version, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
				       district, industry, provider
				FROM pilot WHERE uscc = :uscc FOR UPDATE
				""").bind("uscc", enterprise.value()).map(PilotStore::storedPilot).one();
		return create.then(lock);
	}

	Mono<Void> save(Uscc enterprise, PilotState state, long version, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				UPDATE pilot SET stage = :stage, version = :version, solicited_at = :solicited_at,
				    contracted_at = :contracted_at, pre_acceptance_at = :pre_acceptance_at,
				    withdrawn_at = :withdrawn_at, district = :district, industry = :industry,
				    provider = :provider, updated_at = :now
				WHERE uscc = :uscc
				""")
			.bind("uscc", enterprise.value())
			.bind("stage", state.stage().name())
			.bind("version", version)
			.bind("now", utc(now));
		for (Stage stage : Stage.values()) {
			spec = bindTime(spec, REACHED_AT_COLUMN.get(stage), state.reachedAt().get(stage));
		}
		spec = bindText(spec, "district", state.district());
		spec = bindText(spec, "industry", state.industry());
		spec = bindText(spec, "provider", state.provider());
		return spec.then();
	}

	/**
	 * The enterprise's milestones that take part in its decisions (all but expired
	 * holds).
	 */
	Flux<StoredMilestone> milestonesOf(Uscc enterprise) {
		return this.db.sql("""
				SELECT source, id, uscc, type, occurred_at, district, industry, provider, enterprise_name,
				       status, reason, detail, waiting_for, decision_version
				FROM milestone
				WHERE uscc = :uscc AND NOT (status = 'REJECTED' AND reason = 'PREDECESSOR_MISSING')
				""").bind("uscc", enterprise.value()).map(PilotStore::storedMilestone).all();
	}

	Mono<Void> insert(Milestone milestone, Verdict verdict, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO milestone (source, id, uscc, type, occurred_at, district, industry, provider,
				    enterprise_name, status, reason, detail, waiting_for, decision_version, received_at, decided_at)
				VALUES (:source, :id, :uscc, :type, :occurred_at, :district, :industry, :provider,
				    :enterprise_name, :status, :reason, :detail, :waiting_for, 1, :now, :now)
				""")
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.bind("uscc", milestone.subject().value())
			.bind("type", milestone.type().cloudEventType())
			.bind("occurred_at", utc(milestone.time()))
			.bind("now", utc(now));
		spec = bindText(spec, "district", milestone.data().district());
		spec = bindText(spec, "industry", milestone.data().industry());
		spec = bindText(spec, "provider", milestone.data().provider());
		spec = bindText(spec, "enterprise_name", milestone.data().enterpriseName());
		return bindVerdict(spec, verdict).then();
	}

	Mono<Void> update(Milestone milestone, Verdict verdict, long decisionVersion, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				UPDATE milestone SET status = :status, reason = :reason, detail = :detail,
				    waiting_for = :waiting_for, decision_version = :decision_version, decided_at = :now
				WHERE source = :source AND id = :id
				""")
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.bind("decision_version", decisionVersion)
			.bind("now", utc(now));
		return bindVerdict(spec, verdict).then();
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

	private static DatabaseClient.GenericExecuteSpec bindVerdict(DatabaseClient.GenericExecuteSpec spec,
			Verdict verdict) {
		spec = spec.bind("status", verdict.status().name());
		spec = bindText(spec, "reason", (verdict.reason() != null) ? verdict.reason().name() : null);
		spec = bindText(spec, "detail", verdict.detail());
		return bindText(spec, "waiting_for", (verdict.waitingFor() != null) ? verdict.waitingFor().name() : null);
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

	static DatabaseClient.GenericExecuteSpec bindText(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	static DatabaseClient.GenericExecuteSpec bindTime(DatabaseClient.GenericExecuteSpec spec, String name,
			Instant value) {
		return (value != null) ? spec.bind(name, utc(value)) : spec.bindNull(name, OffsetDateTime.class);
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

}

package com.pilottracker.lifecycle.pilot.processing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.pilot.Pilot;
import com.pilottracker.lifecycle.pilot.RejectionReason;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's tables {@code pilot} and {@code processed_milestone}, through R2DBC.
 */
@Component
class PilotStore {

	private final DatabaseClient db;

	PilotStore(DatabaseClient db) {
		this.db = db;
	}

	Mono<Boolean> alreadyDecided(Milestone milestone) {
		return this.db.sql("SELECT 1 FROM processed_milestone WHERE source = :source AND id = :id")
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.map((row) -> Boolean.TRUE)
			.first()
			.defaultIfEmpty(Boolean.FALSE);
	}

	/** The enterprise's pilot, locked until the transaction ends. */
	Mono<Pilot> findForUpdate(Uscc enterprise) {
		return this.db
			.sql("SELECT uscc, stage, version, district, industry, provider FROM pilot WHERE uscc = :uscc FOR UPDATE")
			.bind("uscc", enterprise.value())
			.map(PilotStore::pilot)
			.first();
	}

	Mono<Void> save(Pilot pilot, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO pilot (uscc, stage, version, district, industry, provider, updated_at)
				VALUES (:uscc, :stage, :version, :district, :industry, :provider, :now)
				ON CONFLICT (uscc) DO UPDATE SET stage = EXCLUDED.stage, version = EXCLUDED.version,
				    district = EXCLUDED.district, industry = EXCLUDED.industry, provider = EXCLUDED.provider,
				    updated_at = EXCLUDED.updated_at
				""")
			.bind("uscc", pilot.enterprise().value())
			.bind("stage", pilot.stage().name())
			.bind("version", pilot.version())
			.bind("now", utc(now));
		spec = bindText(spec, "district", pilot.district());
		spec = bindText(spec, "industry", pilot.industry());
		spec = bindText(spec, "provider", pilot.provider());
		return spec.then();
	}

	Mono<Void> recordDecision(Milestone milestone, RejectionReason reason, String detail, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("""
					INSERT INTO processed_milestone (source, id, uscc, type, occurred_at, outcome, reason, detail, processed_at)
					VALUES (:source, :id, :uscc, :type, :occurredAt, :outcome, :reason, :detail, :now)
					""")
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.bind("uscc", milestone.subject().value())
			.bind("type", milestone.type().cloudEventType())
			.bind("occurredAt", utc(milestone.time()))
			.bind("outcome", (reason == null) ? "APPLIED" : "REJECTED")
			.bind("now", utc(now));
		spec = bindText(spec, "reason", (reason != null) ? reason.name() : null);
		spec = bindText(spec, "detail", detail);
		return spec.then();
	}

	private static Pilot pilot(Readable row) {
		return new Pilot(new Uscc(row.get("uscc", String.class)), Stage.valueOf(row.get("stage", String.class)),
				row.get("version", Long.class), row.get("district", String.class), row.get("industry", String.class),
				row.get("provider", String.class));
	}

	static DatabaseClient.GenericExecuteSpec bindText(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}

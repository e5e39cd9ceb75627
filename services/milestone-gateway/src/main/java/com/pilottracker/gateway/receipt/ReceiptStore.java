package com.pilottracker.gateway.receipt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The gateway's {@code receipt} table. */
@Component
public class ReceiptStore {

	private final DatabaseClient db;

	ReceiptStore(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Records a milestone as received, unless one with its source and id is known.
	 * @return whether it was new
	 */
	public Mono<Boolean> recordIfNew(Milestone milestone, String bodyHash, Instant now) {
		return this.db.sql("""
				INSERT INTO receipt (source, id, uscc, type, occurred_at, body_hash, received_at, provider)
				VALUES (:source, :id, :uscc, :type, :occurred_at, :body_hash, :now, :provider)
				ON CONFLICT (source, id) DO NOTHING
				""")
			.bind("provider",
					org.springframework.r2dbc.core.Parameter.fromOrEmpty(contractedProvider(milestone), String.class))
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.bind("uscc", milestone.subject().value())
			.bind("type", milestone.type().cloudEventType())
			.bind("occurred_at", utc(milestone.time()))
			.bind("body_hash", bodyHash)
			.bind("now", utc(now))
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows == 1);
	}

	/** The body hash and publication state of a known milestone. */
	public Mono<Known> known(String source, String id) {
		return this.db.sql("SELECT body_hash, published FROM receipt WHERE source = :source AND id = :id")
			.bind("source", source)
			.bind("id", id)
			.map((row) -> new Known(row.get("body_hash", String.class), row.get("published", Boolean.class)))
			.one();
	}

	/**
	 * Adopts a body hash (and a contract's provider) for a receipt created from a
	 * decision alone, or recorded before the gateway kept the provider.
	 */
	public Mono<Void> adopt(Milestone milestone, String bodyHash) {
		return this.db.sql("""
				UPDATE receipt SET body_hash = COALESCE(body_hash, :hash),
				    provider = COALESCE(provider, CAST(:provider AS text))
				WHERE source = :source AND id = :id
				    AND (body_hash IS NULL OR (provider IS NULL AND CAST(:provider AS text) IS NOT NULL))
				""")
			.bind("hash", bodyHash)
			.bind("provider",
					org.springframework.r2dbc.core.Parameter.fromOrEmpty(contractedProvider(milestone), String.class))
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.then();
	}

	/**
	 * Whether the enterprise has an accepted contract naming the provider that the
	 * lifecycle has not rejected.
	 */
	public Mono<Boolean> isContractedWith(String uscc, String provider) {
		return this.db.sql("""
				SELECT EXISTS (SELECT 1 FROM receipt WHERE uscc = :uscc AND type = 'pilot.contracted'
				    AND provider = :provider AND published AND status <> 'REJECTED') AS contracted
				""")
			.bind("uscc", uscc)
			.bind("provider", provider)
			.map((row) -> Boolean.TRUE.equals(row.get("contracted", Boolean.class)))
			.one();
	}

	private static String contractedProvider(Milestone milestone) {
		return (milestone.type() == com.pilottracker.contracts.MilestoneType.CONTRACTED) ? milestone.data().provider()
				: null;
	}

	public Mono<Void> markPublished(Milestone milestone) {
		return this.db.sql("UPDATE receipt SET published = true WHERE source = :source AND id = :id")
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.then();
	}

	/** The receipt of a milestone that was accepted (Kafka has it); empty otherwise. */
	public Mono<Receipt> find(String source, String id) {
		return this.db.sql("""
				SELECT source, id, uscc, type, occurred_at, status, reason, detail, waiting_for, received_at, decided_at
				FROM receipt WHERE source = :source AND id = :id AND published
				""").bind("source", source).bind("id", id).map(ReceiptStore::receipt).one();
	}

	/**
	 * Takes a decision of the lifecycle, unless a later one is already recorded; creates
	 * the receipt if the gateway has none (a milestone that reached the log another way).
	 */
	Mono<Void> record(MilestoneDecided decision) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO receipt (source, id, uscc, type, occurred_at, published, status, reason, detail,
				    waiting_for, decision_version, received_at, decided_at)
				VALUES (:source, :id, :uscc, :type, :occurred_at, true, :status, :reason, :detail,
				    :waiting_for, :version, :decided_at, :decided_at)
				ON CONFLICT (source, id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
				    detail = EXCLUDED.detail, waiting_for = EXCLUDED.waiting_for,
				    decision_version = EXCLUDED.decision_version, decided_at = EXCLUDED.decided_at,
				    published = true
				WHERE receipt.decision_version < EXCLUDED.decision_version
				""")
			.bind("source", decision.milestoneSource())
			.bind("id", decision.milestoneId())
			.bind("uscc", decision.enterprise().value())
			.bind("type", decision.type().cloudEventType())
			.bind("occurred_at", utc(decision.occurredAt()))
			.bind("status", decision.status().name())
			.bind("version", decision.decisionVersion())
			.bind("decided_at", utc(decision.decidedAt()));
		spec = text(spec, "reason", (decision.reason() != null) ? decision.reason().name() : null);
		spec = text(spec, "detail", decision.detail());
		spec = text(spec, "waiting_for", (decision.waitingFor() != null) ? decision.waitingFor().name() : null);
		return spec.then();
	}

	private static Receipt receipt(Readable row) {
		String reason = row.get("reason", String.class);
		String waitingFor = row.get("waiting_for", String.class);
		OffsetDateTime decidedAt = row.get("decided_at", OffsetDateTime.class);
		return new Receipt(row.get("id", String.class), row.get("source", String.class), row.get("type", String.class),
				row.get("uscc", String.class), row.get("occurred_at", OffsetDateTime.class).toInstant(),
				MilestoneStatus.valueOf(row.get("status", String.class)),
				(waitingFor != null) ? Stage.valueOf(waitingFor) : null,
				(reason != null) ? RejectionReason.valueOf(reason) : null, row.get("detail", String.class),
				row.get("received_at", OffsetDateTime.class).toInstant(),
				(decidedAt != null) ? decidedAt.toInstant() : null);
	}

	private static DatabaseClient.GenericExecuteSpec text(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * What is known of a milestone already received.
	 *
	 * @param bodyHash the hash of its body, {@code null} if it is known only from a
	 * decision
	 * @param published whether Kafka acknowledged it
	 */
	public record Known(String bodyHash, boolean published) {
	}

}

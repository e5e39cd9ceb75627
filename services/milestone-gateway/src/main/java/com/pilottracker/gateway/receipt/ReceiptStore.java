package com.pilottracker.gateway.receipt;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.contracts.RejectionReason;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The gateway's {@code receipt} table. */
@Component
public class ReceiptStore {

	private static final String RECEIPT_COLUMNS = "source, id, uscc, type, occurred_at, status, reason, detail, "
			+ "waiting_for, received_at, decided_at";

	private static final String STORED_COLUMNS = RECEIPT_COLUMNS + ", body_hash, published, provider";

	private final DatabaseClient db;

	private final PublishedMarks marks;

	/**
	 * Milliseconds: a receipt's {@code receivedAt} is its milestone's Kafka record
	 * timestamp, which holds no finer a time.
	 */
	private final Clock clock = Clock.tickMillis(ZoneOffset.UTC);

	private final InsertGroups groups;

	private final ProgrammeCatalog programmes;

	ReceiptStore(DatabaseClient db, PublishedMarks marks, ProgrammeCatalog programmes,
			@Value("${pilot.gateway.receipt-inserts.concurrency:4}") int concurrency,
			@Value("${pilot.gateway.max-batch-size:1000}") int maxGroup) {
		this.db = db;
		this.marks = marks;
		this.programmes = programmes;
		this.groups = new InsertGroups((group) -> recordAllIfNew(group, this.clock.instant()),
				(incoming) -> recordOneIfNew(incoming, this.clock.instant()), concurrency, maxGroup);
	}

	/**
	 * Records a milestone as received, unless one with its source and id is known: the
	 * milestone waits for one commit, which it shares with the milestones recorded at the
	 * same time ({@link InsertGroups}).
	 * @return the new receipt, as stored; empty if the milestone was known
	 */
	public Mono<Receipt> recordIfNew(Milestone milestone, String bodyHash) {
		return this.groups.record(new Incoming(milestone, bodyHash));
	}

	/**
	 * Records a milestone as received, unless one with its source and id is known, with a
	 * statement of its own.
	 * @return the new receipt, as stored; empty if the milestone was known
	 */
	public Mono<Receipt> recordOneIfNew(Incoming incoming, Instant now) {
		Milestone milestone = incoming.milestone();
		String bodyHash = incoming.bodyHash();
		return this.db.sql("""
				INSERT INTO receipt (source, id, uscc, type, occurred_at, body_hash, received_at, provider)
				VALUES (:source, :id, :uscc, :type, :occurred_at, :body_hash, :now, :provider)
				ON CONFLICT (source, id) DO NOTHING
				RETURNING\s""" + RECEIPT_COLUMNS)
			.bind("provider",
					org.springframework.r2dbc.core.Parameter.fromOrEmpty(contractedProvider(milestone), String.class))
			.bind("source", milestone.source())
			.bind("id", milestone.id())
			.bind("uscc", milestone.subject().value())
			.bind("type", milestone.type().cloudEventType())
			.bind("occurred_at", utc(milestone.time()))
			.bind("body_hash", bodyHash)
			.bind("now", utc(now))
			.map(ReceiptStore::receipt)
			.one();
	}

	/**
	 * Records milestones as received, those whose source and id are not known yet, with
	 * one statement and one commit. Their keys must differ.
	 * @return the new receipts, as stored, by key; the milestones missing were known
	 */
	public Mono<Map<ReceiptKey, Receipt>> recordAllIfNew(List<Incoming> milestones, Instant now) {
		if (milestones.isEmpty()) {
			return Mono.just(Map.of());
		}
		int size = milestones.size();
		String[] sources = new String[size];
		String[] ids = new String[size];
		String[] usccs = new String[size];
		String[] types = new String[size];
		OffsetDateTime[] occurredAt = new OffsetDateTime[size];
		String[] hashes = new String[size];
		String[] providers = new String[size];
		for (int i = 0; i < size; i++) {
			Milestone milestone = milestones.get(i).milestone();
			sources[i] = milestone.source();
			ids[i] = milestone.id();
			usccs[i] = milestone.subject().value();
			types[i] = milestone.type().cloudEventType();
			occurredAt[i] = utc(milestone.time());
			hashes[i] = milestones.get(i).bodyHash();
			providers[i] = contractedProvider(milestone);
		}
		return this.db.sql("""
				INSERT INTO receipt (source, id, uscc, type, occurred_at, body_hash, received_at, provider)
				SELECT source, id, uscc, type, occurred_at, body_hash, :now, provider
				FROM unnest(CAST(:sources AS text[]), CAST(:ids AS text[]), CAST(:usccs AS text[]),
				    CAST(:types AS text[]), CAST(:occurred_at AS timestamptz[]), CAST(:hashes AS text[]),
				    CAST(:providers AS text[])) AS incoming (source, id, uscc, type, occurred_at, body_hash, provider)
				ON CONFLICT (source, id) DO NOTHING
				RETURNING\s""" + RECEIPT_COLUMNS)
			.bind("sources", sources)
			.bind("ids", ids)
			.bind("usccs", usccs)
			.bind("types", types)
			.bind("occurred_at", occurredAt)
			.bind("hashes", hashes)
			.bind("providers", providers)
			.bind("now", utc(now))
			.map(ReceiptStore::receipt)
			.all()
			.collectMap((receipt) -> new ReceiptKey(receipt.source(), receipt.id()));
	}

	/**
	 * What is stored of a known milestone, published or not.
	 * @return empty if it is not known
	 */
	public Mono<Stored> stored(ReceiptKey key) {
		return Mono.defer(() -> {
			boolean pending = this.marks.pending(key);
			return this.db.sql("SELECT " + STORED_COLUMNS + " FROM receipt WHERE source = :source AND id = :id")
				.bind("source", key.source())
				.bind("id", key.id())
				.map((row) -> stored(row, pending ? Set.of(key) : Set.of()))
				.one();
		});
	}

	/** What is stored of known milestones, by key; the unknown ones are missing. */
	public Mono<Map<ReceiptKey, Stored>> storedAll(Collection<ReceiptKey> keys) {
		if (keys.isEmpty()) {
			return Mono.just(Map.of());
		}
		return Mono.defer(() -> {
			Set<ReceiptKey> pending = keys.stream().filter(this.marks::pending).collect(Collectors.toSet());
			return this.db
				.sql("SELECT " + STORED_COLUMNS + " FROM receipt WHERE (source, id) IN "
						+ "(SELECT * FROM unnest(CAST(:sources AS text[]), CAST(:ids AS text[])))")
				.bind("sources", keys.stream().map(ReceiptKey::source).toArray(String[]::new))
				.bind("ids", keys.stream().map(ReceiptKey::id).toArray(String[]::new))
				.map((row) -> stored(row, pending))
				.all()
				.collectMap((stored) -> new ReceiptKey(stored.receipt().source(), stored.receipt().id()));
		});
	}

	/**
	 * A row as stored: published if its mark is written, or was still queued on this
	 * gateway when the query started (Kafka has the milestone). The queue is looked at
	 * before the query, not after: a mark written after the query's snapshot has left the
	 * queue by then.
	 */
	private Stored stored(Readable row, Set<ReceiptKey> pendingAtStart) {
		Receipt receipt = receipt(row);
		boolean published = Boolean.TRUE.equals(row.get("published", Boolean.class))
				|| pendingAtStart.contains(new ReceiptKey(receipt.source(), receipt.id()));
		return new Stored(receipt, row.get("body_hash", String.class), published, row.get("provider", String.class));
	}

	/**
	 * Adopts a body hash (and a contract's provider) for a known milestone if its receipt
	 * lacks them ({@link #adopt}); nothing otherwise.
	 */
	public Mono<Void> adoptIfLacking(Stored stored, Milestone milestone, String bodyHash) {
		boolean lacking = stored.bodyHash() == null
				|| (stored.provider() == null && contractedProvider(milestone) != null);
		return lacking ? adopt(milestone, bodyHash) : Mono.empty();
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
	 * Whether the enterprise has a milestone of the type given (a programme's stage that
	 * names the provider: the pilot's contract) naming the provider that the lifecycle
	 * applied (its receipt says {@code APPLIED}; one still pending or held does not
	 * count, nor one a later decision rejected). It may be the provider's own or the
	 * office's.
	 */
	public Mono<Boolean> isContractedWith(String uscc, MilestoneType naming, String provider) {
		return this.db.sql("""
				SELECT EXISTS (SELECT 1 FROM receipt WHERE uscc = :uscc AND type = :type
				    AND provider = :provider AND status = 'APPLIED') AS contracted
				""")
			.bind("uscc", uscc)
			.bind("type", naming.cloudEventType())
			.bind("provider", provider)
			.map((row) -> Boolean.TRUE.equals(row.get("contracted", Boolean.class)))
			.one();
	}

	/**
	 * The provider a milestone names where its stage names the provider (kept for scope),
	 * {@code null} for every other milestone.
	 */
	private String contractedProvider(Milestone milestone) {
		return this.programmes.declaring(milestone.type())
			.flatMap((programme) -> programme.step(milestone.type()))
			.filter((step) -> step instanceof Programme.Step.Reach reach && reach.definition().namesProvider())
			.map((step) -> milestone.data().provider())
			.orElse(null);
	}

	/**
	 * Whether each enterprise has an applied milestone of the type given naming the
	 * provider ({@link #isContractedWith}), in one query.
	 * @return the USCCs that have
	 */
	public Mono<Set<String>> contractedWith(String provider, MilestoneType naming, Collection<String> usccs) {
		if (usccs.isEmpty()) {
			return Mono.just(Set.of());
		}
		return this.db.sql("""
				SELECT DISTINCT uscc FROM receipt WHERE uscc = ANY (CAST(:usccs AS bpchar[]))
				    AND type = :type AND provider = :provider AND status = 'APPLIED'
				""")
			.bind("usccs", usccs.toArray(String[]::new))
			.bind("type", naming.cloudEventType())
			.bind("provider", provider)
			.map((row) -> row.get("uscc", String.class))
			.all()
			.collect(Collectors.toSet());
	}

	/**
	 * Marks receipts published once Kafka acknowledged their milestones: queued at once,
	 * written with others shortly after ({@link PublishedMarks}, which says what a mark
	 * lost on a crash costs).
	 * @param waitedFor whether the caller waits for the marks: they are written at once
	 * @return completes once the marks are written; only who needs them in the database
	 * before answering waits for it
	 */
	public Mono<Void> markPublished(Collection<ReceiptKey> keys, boolean waitedFor) {
		return this.marks.mark(keys, waitedFor);
	}

	/**
	 * The receipt of a milestone that was accepted (Kafka has it: marked published, or
	 * the mark is still queued on this gateway); empty otherwise.
	 */
	public Mono<Receipt> find(String source, String id) {
		return stored(new ReceiptKey(source, id)).filter(Stored::published).map(Stored::receipt);
	}

	/**
	 * Takes decisions of the lifecycle with one statement: per milestone the latest of
	 * them, unless a later one is already recorded. Creates the receipt if the gateway
	 * has none (a milestone that reached the log another way).
	 */
	Mono<Void> recordAll(Collection<MilestoneDecided> decisions) {
		Map<ReceiptKey, MilestoneDecided> latest = new java.util.LinkedHashMap<>();
		for (MilestoneDecided decision : decisions) {
			latest.merge(new ReceiptKey(decision.milestoneSource(), decision.milestoneId()), decision,
					(known, other) -> (other.decisionVersion() > known.decisionVersion()) ? other : known);
		}
		if (latest.isEmpty()) {
			return Mono.empty();
		}
		int size = latest.size();
		String[] sources = new String[size];
		String[] ids = new String[size];
		String[] usccs = new String[size];
		String[] types = new String[size];
		OffsetDateTime[] occurredAt = new OffsetDateTime[size];
		String[] statuses = new String[size];
		String[] reasons = new String[size];
		String[] details = new String[size];
		String[] waitingFor = new String[size];
		Long[] versions = new Long[size];
		OffsetDateTime[] decidedAt = new OffsetDateTime[size];
		int i = 0;
		for (MilestoneDecided decision : latest.values()) {
			sources[i] = decision.milestoneSource();
			ids[i] = decision.milestoneId();
			usccs[i] = decision.enterprise().value();
			types[i] = decision.type().cloudEventType();
			occurredAt[i] = utc(decision.occurredAt());
			statuses[i] = decision.status().name();
			reasons[i] = (decision.reason() != null) ? decision.reason().name() : null;
			details[i] = decision.detail();
			waitingFor[i] = (decision.waitingFor() != null) ? decision.waitingFor().name() : null;
			versions[i] = decision.decisionVersion();
			decidedAt[i] = utc(decision.decidedAt());
			i++;
		}
		return this.db.sql("""
				INSERT INTO receipt (source, id, uscc, type, occurred_at, published, status, reason, detail,
				    waiting_for, decision_version, received_at, decided_at)
				SELECT source, id, uscc, type, occurred_at, true, status, reason, detail, waiting_for, version,
				    decided_at, decided_at
				FROM unnest(CAST(:sources AS text[]), CAST(:ids AS text[]), CAST(:usccs AS text[]),
				    CAST(:types AS text[]), CAST(:occurred_at AS timestamptz[]), CAST(:statuses AS text[]),
				    CAST(:reasons AS text[]), CAST(:details AS text[]), CAST(:waiting_for AS text[]),
				    CAST(:versions AS bigint[]), CAST(:decided_at AS timestamptz[]))
				    AS decided (source, id, uscc, type, occurred_at, status, reason, detail, waiting_for, version,
				    decided_at)
				ON CONFLICT (source, id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
				    detail = EXCLUDED.detail, waiting_for = EXCLUDED.waiting_for,
				    decision_version = EXCLUDED.decision_version, decided_at = EXCLUDED.decided_at,
				    published = true
				WHERE receipt.decision_version < EXCLUDED.decision_version
				""")
			.bind("sources", sources)
			.bind("ids", ids)
			.bind("usccs", usccs)
			.bind("types", types)
			.bind("occurred_at", occurredAt)
			.bind("statuses", statuses)
			.bind("reasons", reasons)
			.bind("details", details)
			.bind("waiting_for", waitingFor)
			.bind("versions", versions)
			.bind("decided_at", decidedAt)
			.then();
	}

	private static Receipt receipt(Readable row) {
		String reason = row.get("reason", String.class);
		String waitingFor = row.get("waiting_for", String.class);
		OffsetDateTime decidedAt = row.get("decided_at", OffsetDateTime.class);
		String type = row.get("type", String.class);
		return new Receipt(row.get("id", String.class), row.get("source", String.class), type, programmeOf(type),
				row.get("uscc", String.class), row.get("occurred_at", OffsetDateTime.class).toInstant(),
				MilestoneStatus.valueOf(row.get("status", String.class)), waitingFor,
				(reason != null) ? RejectionReason.valueOf(reason) : null, row.get("detail", String.class),
				row.get("received_at", OffsetDateTime.class).toInstant(),
				(decidedAt != null) ? decidedAt.toInstant() : null);
	}

	/**
	 * The programme of a stored type: its first word (every type stored was a declared
	 * one, or came in a decision that names one).
	 */
	static String programmeOf(String type) {
		int dot = type.indexOf('.');
		return (dot > 0) ? type.substring(0, dot) : Programmes.PILOT;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * What is stored of a milestone already received.
	 *
	 * @param receipt its receipt
	 * @param bodyHash the hash of its body, {@code null} if it is known only from a
	 * decision
	 * @param published whether Kafka acknowledged it (marked, or the mark queued on this
	 * gateway)
	 * @param provider the provider its contract names, if it is a contract whose provider
	 * is kept
	 */
	public record Stored(Receipt receipt, String bodyHash, boolean published, String provider) {
	}

	/**
	 * A milestone to record.
	 *
	 * @param milestone the milestone
	 * @param bodyHash the hash of its body as the log carries it
	 */
	public record Incoming(Milestone milestone, String bodyHash) {
	}

}

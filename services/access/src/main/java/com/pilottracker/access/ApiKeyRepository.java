package com.pilottracker.access;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The {@code access.api_key} table. Joins a surrounding transaction when there is one, so
 * an office operation and its audit entry commit together.
 */
public class ApiKeyRepository {

	/** How the ids of bootstrap keys start; issued keys' ids never hold a dash. */
	public static final String BOOTSTRAP_PREFIX = "boot-";

	private static final String COLUMNS = "key_id, principal, role, label, issued_at, issued_by, revoked_at, revoked_by";

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	public ApiKeyRepository(DatabaseClient db, ReactiveTransactionManager transactionManager) {
		this.db = db;
		this.transactions = TransactionalOperator.create(transactionManager);
	}

	/** The caller whose active key has this hash, if any. */
	public Mono<Caller> findActiveByHash(String keyHash) {
		return this.db
			.sql("SELECT key_id, principal, role FROM access.api_key WHERE key_hash = :hash AND revoked_at IS NULL")
			.bind("hash", keyHash)
			.map((row) -> new Caller(row.get("key_id", String.class), row.get("principal", String.class),
					Role.valueOf(row.get("role", String.class))))
			.one();
	}

	/** Stores a newly issued key's hash. */
	public Mono<ApiKeyRecord> insert(ApiKeys.Issued issued, String principal, Role role, String label, String issuedBy,
			Instant at) {
		return this.db
			.sql("INSERT INTO access.api_key (key_id, key_hash, principal, role, label, issued_at, issued_by) "
					+ "VALUES (:keyId, :hash, :principal, :role, :label, :at, :by) RETURNING " + COLUMNS)
			.bind("keyId", issued.keyId())
			.bind("hash", ApiKeys.hash(issued.key()))
			.bind("principal", principal)
			.bind("role", role.name())
			.bind("label",
					(label != null) ? org.springframework.r2dbc.core.Parameter.from(label)
							: org.springframework.r2dbc.core.Parameter.empty(String.class))
			.bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
			.bind("by", issuedBy)
			.map(ApiKeyRepository::record)
			.one();
	}

	/**
	 * Stores the bootstrap office key unless it is there already (revoked or not: a
	 * revoked bootstrap key stays revoked across restarts). A new bootstrap key revokes
	 * the bootstrap keys stored before it, in the same transaction: changing
	 * {@code PILOT_BOOTSTRAP_OFFICE_KEY} leaves only the new one valid.
	 * @return the bootstrap key stored and the earlier ones it revoked
	 */
	public Mono<Bootstrap> insertBootstrap(String key, Instant at) {
		String hash = ApiKeys.hash(key);
		String keyId = BOOTSTRAP_PREFIX + hash.substring(0, 10);
		OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
		Mono<Bootstrap> insert = this.db
			.sql("INSERT INTO access.api_key (key_id, key_hash, principal, role, label, issued_at, issued_by) "
					+ "VALUES (:keyId, :hash, 'bootstrap-office', 'OFFICE', 'from PILOT_BOOTSTRAP_OFFICE_KEY', :at, "
					+ "'bootstrap') ON CONFLICT DO NOTHING")
			.bind("keyId", keyId)
			.bind("hash", hash)
			.bind("at", when)
			.fetch()
			.rowsUpdated()
			.flatMap((rows) -> (rows == 0) ? Mono.just(new Bootstrap(keyId, false, List.of()))
					: this.db
						.sql("UPDATE access.api_key SET revoked_at = :at, revoked_by = 'bootstrap' WHERE issued_by = "
								+ "'bootstrap' AND key_id LIKE 'boot-%' AND key_id <> :keyId AND revoked_at IS NULL "
								+ "RETURNING key_id")
						.bind("at", when)
						.bind("keyId", keyId)
						.map((row) -> row.get("key_id", String.class))
						.all()
						.sort()
						.collectList()
						.map((revoked) -> new Bootstrap(keyId, true, revoked)));
		return insert.as(this.transactions::transactional);
	}

	/** The ids of the keys among {@code keyIds} that are still active. */
	public Flux<String> findActiveKeyIds(Collection<String> keyIds) {
		if (keyIds.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT key_id FROM access.api_key WHERE key_id = ANY(:ids) AND revoked_at IS NULL")
			.bind("ids", keyIds.toArray(new String[0]))
			.map((row) -> row.get("key_id", String.class))
			.all();
	}

	/** Every key, newest first. */
	public Flux<ApiKeyRecord> findAll() {
		return this.db.sql("SELECT " + COLUMNS + " FROM access.api_key ORDER BY issued_at DESC, key_id")
			.map(ApiKeyRepository::record)
			.all();
	}

	/** One key. */
	public Mono<ApiKeyRecord> find(String keyId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM access.api_key WHERE key_id = :keyId")
			.bind("keyId", keyId)
			.map(ApiKeyRepository::record)
			.one();
	}

	/**
	 * Revokes a key, unless it is the last active OFFICE key. The check and the
	 * revocation are one transaction that first locks every active OFFICE key
	 * ({@code SELECT … FOR UPDATE}, in key order): of two revocations running at once,
	 * the second waits for the first and then sees what it left, so together they can
	 * never revoke the last office key. Joins a surrounding transaction when there is
	 * one.
	 * @return what happened; empty when there is no such key
	 */
	public Mono<Revocation> revoke(String keyId, String revokedBy, Instant at) {
		Mono<Revocation> revoke = this.db.sql("SELECT role FROM access.api_key WHERE key_id = :keyId")
			.bind("keyId", keyId)
			.map((row) -> Role.valueOf(row.get("role", String.class)))
			.one()
			.flatMap((role) -> (role != Role.OFFICE) ? update(keyId, revokedBy, at)
					: this.db
						.sql("SELECT key_id FROM access.api_key WHERE role = 'OFFICE' AND revoked_at IS NULL "
								+ "ORDER BY key_id FOR UPDATE")
						.map((row) -> row.get("key_id", String.class))
						.all()
						.collectList()
						.flatMap((activeOffice) -> {
							if (!activeOffice.contains(keyId)) {
								return Mono.just(Revocation.NOT_ACTIVE);
							}
							return (activeOffice.size() <= 1) ? Mono.just(Revocation.LAST_OFFICE_KEY)
									: update(keyId, revokedBy, at);
						}));
		return revoke.as(this.transactions::transactional);
	}

	private Mono<Revocation> update(String keyId, String revokedBy, Instant at) {
		return this.db
			.sql("UPDATE access.api_key SET revoked_at = :at, revoked_by = :by WHERE key_id = :keyId "
					+ "AND revoked_at IS NULL")
			.bind("keyId", keyId)
			.bind("by", revokedBy)
			.bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.map((rows) -> (rows > 0) ? Revocation.REVOKED : Revocation.NOT_ACTIVE);
	}

	/** What a revocation did. */
	public enum Revocation {

		/** The key was active and is revoked now. */
		REVOKED,

		/** The key was revoked already; nothing changed. */
		NOT_ACTIVE,

		/** The key is the last active OFFICE key, and stays active. */
		LAST_OFFICE_KEY

	}

	/**
	 * What storing the bootstrap key did.
	 *
	 * @param keyId the bootstrap key's id
	 * @param stored whether it was new
	 * @param revoked the earlier bootstrap keys it revoked
	 */
	public record Bootstrap(String keyId, boolean stored, List<String> revoked) {

	}

	private static ApiKeyRecord record(Readable row) {
		OffsetDateTime revokedAt = row.get("revoked_at", OffsetDateTime.class);
		return new ApiKeyRecord(row.get("key_id", String.class), row.get("principal", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("label", String.class),
				row.get("issued_at", OffsetDateTime.class).toInstant(), row.get("issued_by", String.class),
				(revokedAt != null) ? revokedAt.toInstant() : null, row.get("revoked_by", String.class));
	}

}

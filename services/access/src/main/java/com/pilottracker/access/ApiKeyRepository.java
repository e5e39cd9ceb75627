package com.pilottracker.access;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The {@code access.api_key} table. Joins a surrounding transaction when there is one, so
 * an office operation and its audit entry commit together.
 */
public class ApiKeyRepository {

	private static final String COLUMNS = "key_id, principal, role, label, issued_at, issued_by, revoked_at, revoked_by";

	private final DatabaseClient db;

	public ApiKeyRepository(DatabaseClient db) {
		this.db = db;
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
			.bind("at", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
			.bind("by", issuedBy)
			.map(ApiKeyRepository::record)
			.one();
	}

	/**
	 * Stores the bootstrap office key unless it is there already (revoked or not: a
	 * revoked bootstrap key stays revoked across restarts).
	 * @return whether it was new
	 */
	public Mono<Boolean> insertBootstrap(String key, Instant at) {
		String hash = ApiKeys.hash(key);
		return this.db
			.sql("INSERT INTO access.api_key (key_id, key_hash, principal, role, label, issued_at, issued_by) "
					+ "VALUES (:keyId, :hash, 'bootstrap-office', 'OFFICE', 'from PILOT_BOOTSTRAP_OFFICE_KEY', :at, "
					+ "'bootstrap') ON CONFLICT DO NOTHING")
			.bind("keyId", "boot-" + hash.substring(0, 10))
			.bind("hash", hash)
			.bind("at", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
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
	 * Revokes a key.
	 * @return whether it was active until now
	 */
	public Mono<Boolean> revoke(String keyId, String revokedBy, Instant at) {
		return this.db
			.sql("UPDATE access.api_key SET revoked_at = :at, revoked_by = :by WHERE key_id = :keyId "
					+ "AND revoked_at IS NULL")
			.bind("keyId", keyId)
			.bind("by", revokedBy)
			.bind("at", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	private static ApiKeyRecord record(Readable row) {
		OffsetDateTime revokedAt = row.get("revoked_at", OffsetDateTime.class);
		return new ApiKeyRecord(row.get("key_id", String.class), row.get("principal", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("label", String.class),
				row.get("issued_at", OffsetDateTime.class).toInstant(), row.get("issued_by", String.class),
				(revokedAt != null) ? revokedAt.toInstant() : null, row.get("revoked_by", String.class));
	}

}

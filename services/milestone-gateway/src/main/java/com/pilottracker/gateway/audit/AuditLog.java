package com.pilottracker.gateway.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

import com.pilottracker.access.Caller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The office's audit trail. An office operation and its entry commit in one transaction:
 * no change without its entry, no entry without its change.
 */
@Component
public class AuditLog {

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final Clock clock = Clock.systemUTC();

	AuditLog(DatabaseClient db, ReactiveTransactionManager transactionManager) {
		this.db = db;
		this.transactions = TransactionalOperator.create(transactionManager);
	}

	/**
	 * Runs {@code operation} and records its entry in the same transaction; the entry is
	 * made from the operation's result, and none is made when the result is empty
	 * (nothing changed).
	 */
	public <T> Mono<T> audited(Caller actor, Mono<T> operation, Function<T, Change> change) {
		return operation.flatMap((result) -> {
			Change made = change.apply(result);
			return (made != null) ? record(actor, made).thenReturn(result) : Mono.just(result);
		}).as(this.transactions::transactional);
	}

	/** The latest entries, newest first, optionally of one action only. */
	public Flux<AuditEntry> recent(int limit, String action) {
		String where = (action != null) ? " WHERE action = :action" : "";
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("SELECT id, at, actor, actor_key, action, target, detail FROM audit_entry" + where
					+ " ORDER BY id DESC LIMIT :limit")
			.bind("limit", limit);
		if (action != null) {
			spec = spec.bind("action", action);
		}
		return spec
			.map((row) -> new AuditEntry(row.get("id", Long.class), row.get("at", OffsetDateTime.class).toInstant(),
					row.get("actor", String.class), row.get("actor_key", String.class), row.get("action", String.class),
					row.get("target", String.class), row.get("detail", String.class)))
			.all();
	}

	private Mono<Void> record(Caller actor, Change change) {
		return this.db
			.sql("INSERT INTO audit_entry (at, actor, actor_key, action, target, detail) "
					+ "VALUES (:at, :actor, :key, :action, :target, :detail)")
			.bind("at", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.bind("actor", actor.principal())
			.bind("key", actor.keyId())
			.bind("action", change.action())
			.bind("target", change.target())
			.bind("detail", Parameter.fromOrEmpty(change.detail(), String.class))
			.then();
	}

	/**
	 * What an operation changed, for its audit entry.
	 *
	 * @param action what was done
	 * @param target to what
	 * @param detail more about it
	 */
	public record Change(String action, String target, String detail) {

	}

}

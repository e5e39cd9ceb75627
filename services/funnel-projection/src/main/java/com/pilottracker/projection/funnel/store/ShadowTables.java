package com.pilottracker.projection.funnel.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.pilottracker.contracts.StageChanged;
import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The tables one rebuild builds beside the live ones ({@code enterprise_rebuild},
 * {@code stage_reached_rebuild}, {@code funnel_count_rebuild},
 * {@code change_log_rebuild}), on the connection that holds the rebuild lock
 * ({@link Rebuilds}): everything the rebuild writes goes through that connection, so if
 * it dies, the lock goes with it and nothing more is written.
 * <p>
 * {@link #swapIn} renames the rebuilt tables into place in one transaction; until then
 * the live tables are untouched, and {@link #close} drops whatever was built. See
 * {@code docs/decisions/0015-rebuild-beside-the-live-tables.md}.
 */
public final class ShadowTables implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ShadowTables.class);

	static final String SUFFIX = "_rebuild";

	static final List<String> TABLES = List.of("enterprise", "stage_reached", "funnel_count", "change_log");

	/** How many changes the final catch-up applies per statement set. */
	private static final int FINAL_BATCH = 10_000;

	/** PostgreSQL's lock_not_available (lock_timeout) and deadlock_detected. */
	private static final List<String> LOCK_CONFLICTS = List.of("55P03", "40P01");

	private final SingleConnectionFactory connection;

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final FunnelStore store;

	private final Rebuilds rebuilds;

	private boolean built;

	private boolean swapped;

	ShadowTables(SingleConnectionFactory connection, FunnelStore live, Rebuilds rebuilds) {
		this.connection = connection;
		this.db = DatabaseClient.create(connection);
		this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(connection));
		this.store = live.beside(this.db, this.transaction);
		this.rebuilds = rebuilds;
	}

	DatabaseClient db() {
		return this.db;
	}

	/** The store that writes the tables built beside the live ones. */
	public FunnelStore store() {
		return this.store;
	}

	/**
	 * Creates the tables empty, shaped as the live ones (columns, defaults, constraints,
	 * indexes; {@code change_log_rebuild.seq} draws from the live sequence), dropping any
	 * a rebuild that did not finish left behind.
	 * @return the live position ({@code max(seq)}) before the rebuild: the history's rows
	 * numbered after it are checked against the live ones at the swap
	 */
	public Mono<Long> create() {
		Mono<Void> create = drop(this.db);
		for (String table : TABLES) {
			create = create
				.then(this.db.sql("CREATE TABLE " + table + SUFFIX + " (LIKE " + table + " INCLUDING ALL)").then());
		}
		Mono<Long> position = this.db.sql("SELECT coalesce(max(seq), 0) AS seq FROM change_log")
			.map((row) -> row.get("seq", Long.class))
			.one();
		return this.transaction.transactional(create.then(position)).doOnSuccess((seq) -> this.built = true);
	}

	/**
	 * Swaps the rebuilt tables in, in one transaction: locks the live tables against
	 * writers (readers go on), applies {@code rest} (what the log holds beyond what was
	 * applied so far, read only once the lock is held, so it covers every change any live
	 * listener applied), gives the history rows the live history has their live numbers,
	 * and renames the tables. Readers wait only for the renames.
	 * @param livePositionBefore what {@link #create} returned
	 * @param rest the changes still to apply, read from the log while the lock is held
	 * @param lockTimeout how long to wait for each lock; a lock not granted in time fails
	 * the attempt ({@link #isLockConflict}) and changes nothing
	 * @return how many of {@code rest} moved the funnel
	 */
	public Mono<Integer> swapIn(long livePositionBefore, Supplier<List<StageChanged>> rest, Duration lockTimeout) {
		Mono<Void> lock = this.db.sql("SELECT set_config('lock_timeout', :timeout, true)")
			.bind("timeout", lockTimeout.toMillis() + "ms")
			.then()
			// writers take ROW SHARE (FOR UPDATE) or ROW EXCLUSIVE, readers ACCESS SHARE:
			// EXCLUSIVE stops the first and lets the others through. enterprise first,
			// as every writer takes it first.
			.then(this.db.sql("LOCK TABLE enterprise, stage_reached, funnel_count, change_log IN EXCLUSIVE MODE")
				.then());
		Mono<Integer> catchUp = Mono.fromCallable(rest::get)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapMany((changes) -> Flux.fromIterable(chunks(changes)))
			.concatMap(this.store::apply)
			.reduce(0, Integer::sum);
		Mono<Void> keepNumbers = this.db.sql("""
				UPDATE change_log_rebuild s SET seq = l.seq, applied_at = l.applied_at
				FROM change_log l
				WHERE s.seq > :before AND l.programme = s.programme AND l.uscc = s.uscc AND l.version = s.version
				  AND (l.seq <> s.seq OR l.applied_at <> s.applied_at)
				""").bind("before", livePositionBefore).then();
		Mono<Integer> work = lock.then(catchUp)
			.flatMap((applied) -> keepNumbers.then(rename()).thenReturn(applied))
			.doOnSuccess((applied) -> this.swapped = true);
		return this.transaction.transactional(work);
	}

	private Mono<Void> rename() {
		Mono<Void> rename = this.db
			.sql("LOCK TABLE enterprise, stage_reached, funnel_count, change_log IN ACCESS EXCLUSIVE MODE")
			.then();
		for (String table : TABLES) {
			rename = rename.then(this.db.sql("ALTER TABLE " + table + " RENAME TO " + table + "_replaced").then())
				.then(this.db.sql("ALTER TABLE " + table + SUFFIX + " RENAME TO " + table).then());
		}
		// the sequence belongs to the live column: it would go with the replaced table
		return rename.then(this.db.sql("ALTER SEQUENCE change_log_seq_seq OWNED BY change_log.seq").then())
			.then(this.db.sql(
					"DROP TABLE enterprise_replaced, stage_reached_replaced, funnel_count_replaced, change_log_replaced")
				.then())
			// the copies' indexes were named after the copies (enterprise_rebuild_pkey):
			// they take the names the live tables' indexes had (enterprise_pkey)
			.then(this.db.sql("""
					DO $$
					DECLARE
					    i record;
					BEGIN
					    FOR i IN SELECT c.relname AS name, t.relname AS tbl
					             FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
					                             JOIN pg_class t ON t.oid = x.indrelid
					             WHERE t.relnamespace = current_schema()::regnamespace
					               AND t.relname IN ('enterprise', 'stage_reached', 'funnel_count', 'change_log')
					               AND starts_with(c.relname, t.relname || '_rebuild_')
					    LOOP
					        EXECUTE format('ALTER INDEX %I RENAME TO %I', i.name,
					                       i.tbl || '_' || substr(i.name, length(i.tbl) + 10));
					    END LOOP;
					END $$
					""").then());
	}

	/**
	 * Whether {@code failure} is a lock not granted in time or a deadlock: worth another
	 * try.
	 */
	public static boolean isLockConflict(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException ex && LOCK_CONFLICTS.contains(ex.getSqlState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Drops what was built unless it was swapped in, releases the lock and closes the
	 * connection. When the connection is gone (the database restarted, say), the tables
	 * are dropped through the pool, if no other rebuild has taken the lock meanwhile.
	 */
	@Override
	public void close() {
		boolean dropped = !this.built || this.swapped;
		if (!dropped) {
			try {
				drop(this.db).block(Duration.ofSeconds(30));
				dropped = true;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not drop the rebuild's tables on its connection: {}", ex.toString());
			}
		}
		this.rebuilds.release(this);
		if (!dropped) {
			this.rebuilds.dropAbandoned();
		}
	}

	void closeConnection() {
		this.connection.destroy();
	}

	static Mono<Void> drop(DatabaseClient db) {
		return db.sql(
				"DROP TABLE IF EXISTS enterprise_rebuild, stage_reached_rebuild, funnel_count_rebuild, change_log_rebuild")
			.then();
	}

	private static List<List<StageChanged>> chunks(List<StageChanged> changes) {
		List<List<StageChanged>> chunks = new java.util.ArrayList<>();
		for (int from = 0; from < changes.size(); from += FINAL_BATCH) {
			chunks.add(changes.subList(from, Math.min(changes.size(), from + FINAL_BATCH)));
		}
		return chunks;
	}

}

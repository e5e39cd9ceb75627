package com.pilottracker.projection.funnel.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * One rebuild at a time over every instance, and whether one is running anywhere.
 * <p>
 * The lock is a PostgreSQL session advisory lock, held by the connection the rebuild
 * writes through ({@link ShadowTables}): it holds across instances, and a rebuild whose
 * process or connection dies lets go of it with the connection. Whether a rebuild runs
 * anywhere is read from {@code pg_locks} every
 * {@code pilot.projection.rebuild.status-refresh} (1 s) into memory, so an answer that
 * says so costs no query; this instance's own rebuild shows at once.
 * {@code pilot_projection_rebuilding} is 1 while one runs.
 */
@Component
public class Rebuilds {

	private static final Logger logger = LoggerFactory.getLogger(Rebuilds.class);

	/**
	 * The advisory lock's key, two {@code int}s ("PROJ", 1); in {@code pg_locks} it is
	 * {@code classid}, {@code objid}, {@code objsubid = 2}. The lifecycle's outbox lock
	 * is a one-key lock ({@code objsubid = 1}): they cannot collide.
	 */
	static final int LOCK_CLASS = 0x50524f4a;

	static final int LOCK_OBJECT = 1;

	private static final String LOCK_KEY = LOCK_CLASS + ", " + LOCK_OBJECT;

	private final ConnectionFactory connections;

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final FunnelStore live;

	private final AtomicBoolean here = new AtomicBoolean();

	private volatile boolean anywhere;

	Rebuilds(ConnectionFactory connections, DatabaseClient db, TransactionalOperator transaction, FunnelStore live,
			MeterRegistry meters) {
		// the lock's connection is the rebuild's own, outside the pool: a pooled
		// connection would go back to the pool still holding a session lock if the
		// unlock failed
		this.connections = (connections instanceof ConnectionPool pool) ? pool.unwrap() : connections;
		this.db = db;
		this.transaction = transaction;
		this.live = live;
		Gauge.builder("pilot.projection.rebuilding", this, (rebuilds) -> rebuilds.inProgress() ? 1 : 0)
			.description("1 while a rebuild of the projection runs on any instance; the figures are the previous ones")
			.register(meters);
	}

	/**
	 * Takes the rebuild lock on a connection of its own.
	 * @return the tables to build beside the live ones, on that connection; empty if a
	 * rebuild runs already, here or on another instance
	 */
	public Optional<ShadowTables> tryLock() {
		if (!this.here.compareAndSet(false, true)) {
			return Optional.empty();
		}
		SingleConnectionFactory connection = new SingleConnectionFactory(this.connections);
		connection.setSuppressClose(true);
		try {
			Boolean locked = DatabaseClient.create(connection)
				.sql("SELECT pg_try_advisory_lock(" + LOCK_KEY + ") AS locked")
				.map((row) -> row.get("locked", Boolean.class))
				.one()
				.block(Duration.ofSeconds(30));
			if (Boolean.TRUE.equals(locked)) {
				return Optional.of(new ShadowTables(connection, this.live, this));
			}
		}
		catch (RuntimeException ex) {
			connection.destroy();
			this.here.set(false);
			throw ex;
		}
		connection.destroy();
		this.here.set(false);
		return Optional.empty();
	}

	/** Lets go of the lock {@code shadow} holds, and of its connection. */
	void release(ShadowTables shadow) {
		try {
			shadow.db()
				.sql("SELECT pg_advisory_unlock(" + LOCK_KEY + ")")
				.then()
				.onErrorResume((ex) -> Mono.empty())
				.block(Duration.ofSeconds(10));
		}
		catch (RuntimeException ex) {
			// closing the connection lets go of the lock anyway
			logger.debug("Could not release the rebuild lock: {}", ex.toString());
		}
		finally {
			try {
				shadow.closeConnection();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close the rebuild's connection: {}", ex.toString());
			}
			this.here.set(false);
			refresh();
		}
	}

	/**
	 * Drops tables a rebuild left behind (its process died, or its connection did), if no
	 * rebuild runs now: run at start and after a rebuild that could not drop its own.
	 */
	public void dropAbandoned() {
		try {
			Mono<Boolean> work = this.db.sql("SELECT pg_try_advisory_xact_lock(" + LOCK_KEY + ") AS locked")
				.map((row) -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
				.one()
				.flatMap((locked) -> locked ? ShadowTables.drop(this.db).thenReturn(true) : Mono.just(false));
			this.transaction.transactional(work).block(Duration.ofSeconds(30));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not drop the tables of an unfinished rebuild: {}", ex.toString());
		}
	}

	/**
	 * Whether a rebuild is running, here or (as last read, at most a second ago) on
	 * another instance.
	 */
	public boolean inProgress() {
		return this.here.get() || this.anywhere;
	}

	@Scheduled(fixedDelayString = "${pilot.projection.rebuild.status-refresh:1s}", initialDelay = 0)
	void refresh() {
		try {
			Boolean held = this.db.sql("""
					SELECT EXISTS (SELECT 1 FROM pg_locks
					               WHERE locktype = 'advisory' AND granted
					                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
					                 AND classid = %d AND objid = %d AND objsubid = 2) AS held
					""".formatted(LOCK_CLASS, LOCK_OBJECT))
				.map((row) -> row.get("held", Boolean.class))
				.one()
				.block(Duration.ofSeconds(10));
			this.anywhere = Boolean.TRUE.equals(held);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read whether a rebuild runs: {}", ex.toString());
		}
	}

}

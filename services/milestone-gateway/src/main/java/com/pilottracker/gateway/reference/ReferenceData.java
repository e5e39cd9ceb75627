package com.pilottracker.gateway.reference;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The reference data as the gateway checks against it: read from PostgreSQL at start and
 * every few seconds after, so a change the office makes takes effect without a release.
 * Checks read the snapshot in memory, never the database.
 */
@Component
public class ReferenceData implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(ReferenceData.class);

	private final DatabaseClient db;

	private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(
			new Snapshot(Set.of(), Set.of(), Set.of()));

	ReferenceData(DatabaseClient db) {
		this.db = db;
	}

	/** Reads the reference data before the gateway reports itself ready. */
	@Override
	public void run(ApplicationArguments args) {
		refresh();
	}

	public Snapshot current() {
		return this.snapshot.get();
	}

	@Scheduled(fixedDelayString = "${pilot.gateway.reference-refresh:10s}", initialDelay = 0)
	void refresh() {
		try {
			List<String> districts = names("SELECT name FROM district ORDER BY division_code");
			List<String> industries = names("SELECT name FROM industry ORDER BY added_at, name");
			List<String> exceptions = names("SELECT uscc AS name FROM uscc_exception");
			this.snapshot.set(new Snapshot(new LinkedHashSet<>(districts), new LinkedHashSet<>(industries),
					Set.copyOf(exceptions)));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the reference data, keeping the last copy: {}", ex.toString());
		}
	}

	private List<String> names(String sql) {
		return this.db.sql(sql)
			.map((row) -> row.get("name", String.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	/**
	 * One consistent copy of the reference data.
	 *
	 * @param districts district names, in division-code order
	 * @param industries industry names
	 * @param usccExceptions codes accepted although they fail the check character
	 */
	public record Snapshot(Set<String> districts, Set<String> industries, Set<String> usccExceptions) {

		public Snapshot {
			districts = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(districts));
			industries = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(industries));
			usccExceptions = Set.copyOf(usccExceptions);
		}

	}

}

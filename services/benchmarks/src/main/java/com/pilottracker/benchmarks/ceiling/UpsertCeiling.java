package com.pilottracker.benchmarks.ceiling;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The database ceilings, against the same PostgreSQL: a plain JDBC loop that upserts rows
 * shaped like the projection's {@code enterprise} row (key, stage, version, four
 * timestamps, three labels), in batches of {@code batchSize} with one transaction per
 * batch, and the same upsert with one row per transaction, the naive consumer's shape.
 */
public final class UpsertCeiling {

	private static final String UPSERT = """
			INSERT INTO benchmark.enterprise (uscc, version, stage, district, industry, provider,
			    solicited_at, contracted_at, pre_acceptance_at, withdrawn_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (uscc) DO UPDATE SET version = EXCLUDED.version, stage = EXCLUDED.stage,
			    district = EXCLUDED.district, industry = EXCLUDED.industry, provider = EXCLUDED.provider,
			    solicited_at = EXCLUDED.solicited_at, contracted_at = EXCLUDED.contracted_at,
			    pre_acceptance_at = EXCLUDED.pre_acceptance_at, withdrawn_at = EXCLUDED.withdrawn_at
			""";

	private UpsertCeiling() {
	}

	/** Rows per second with {@code batchSize} rows per JDBC batch and transaction. */
	public static double batched(String jdbcUrl, String user, int rows, int batchSize) {
		return run(jdbcUrl, user, rows, batchSize);
	}

	/** Rows per second with one row per transaction. */
	public static double rowPerTransaction(String jdbcUrl, String user, int rows) {
		return run(jdbcUrl, user, rows, 1);
	}

	private static double run(String jdbcUrl, String user, int rows, int batchSize) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "")) {
			try (Statement ddl = connection.createStatement()) {
				ddl.execute("CREATE SCHEMA IF NOT EXISTS benchmark");
				ddl.execute("DROP TABLE IF EXISTS benchmark.enterprise");
				ddl.execute("""
						CREATE TABLE benchmark.enterprise (uscc text PRIMARY KEY, version bigint NOT NULL,
						    stage text NOT NULL, district text NOT NULL, industry text NOT NULL, provider text,
						    solicited_at timestamptz, contracted_at timestamptz, pre_acceptance_at timestamptz,
						    withdrawn_at timestamptz)
						""");
			}
			connection.setAutoCommit(false);
			Timestamp at = Timestamp.from(Instant.parse("2025-03-03T02:00:00Z"));
			long started = System.nanoTime();
			try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
				for (int row = 0; row < rows; row++) {
					// a third of the rows update a row written before, as a funnel's
					// steps do
					int key = (row % 3 == 2) ? row - 2 : row;
					upsert.setString(1, String.format("91350203%09dX", key));
					upsert.setLong(2, row);
					upsert.setString(3, (row % 3 == 2) ? "CONTRACTED" : "SOLICITED");
					upsert.setString(4, "思明区");
					upsert.setString(5, "电子信息");
					upsert.setString(6, (row % 3 == 2) ? "bench-provider" : null);
					upsert.setTimestamp(7, at);
					upsert.setTimestamp(8, (row % 3 == 2) ? at : null);
					upsert.setTimestamp(9, null);
					upsert.setTimestamp(10, null);
					if (batchSize == 1) {
						upsert.executeUpdate();
						connection.commit();
					}
					else {
						upsert.addBatch();
						if ((row + 1) % batchSize == 0 || row == rows - 1) {
							upsert.executeBatch();
							connection.commit();
						}
					}
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			try (Statement ddl = connection.createStatement()) {
				ddl.execute("DROP TABLE benchmark.enterprise");
			}
			connection.commit();
			return rows / seconds;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("the JDBC upsert loop failed", ex);
		}
	}

}

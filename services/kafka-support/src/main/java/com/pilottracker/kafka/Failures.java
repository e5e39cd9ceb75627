package com.pilottracker.kafka;

import java.io.IOException;
import java.time.DateTimeException;
import java.util.concurrent.TimeoutException;

import com.pilottracker.contracts.MalformedEventException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.apache.kafka.common.KafkaException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that retrying will not change (the record's data is the cause) from one
 * that passes (the database or the broker is away, a transaction lost a race). A consumer
 * retries the second kind for ever, since skipping would lose a record; it sets the first
 * kind aside, since retrying would stop every record behind it.
 * <p>
 * By PostgreSQL's SQLSTATE, where the failure has one: class 22 (data exception: NUL in
 * text, a value out of range, …), 23 (integrity constraint violation) and 54 (program
 * limit exceeded: an index row too large, …) are the record's; every other class —
 * connection (08), transaction rollback (40: serialization, deadlock), insufficient
 * resources (53), object not in prerequisite state (55), operator intervention (57),
 * system error (58), internal error (XX), and also access rules (42), which an operator
 * fixes — passes or is fixed without the record changing. Without a SQLSTATE: I/O,
 * timeouts, the broker and Spring's transient or resource failures pass; a record that
 * cannot be read, and the exceptions plain code throws for a value it cannot take
 * ({@link IllegalArgumentException}, {@link IllegalStateException},
 * {@link DateTimeException}, {@link ArithmeticException}, {@link NullPointerException},
 * {@link ClassCastException}, {@link IndexOutOfBoundsException}), are the record's.
 * Anything else is taken to pass: retried, never set aside by mistake.
 */
public final class Failures {

	private static final int MAX_DEPTH = 32;

	private Failures() {
	}

	/** Whether retrying cannot help: the failure comes from the data being processed. */
	public static boolean isPermanent(Throwable failure) {
		String sqlState = sqlState(failure);
		if (sqlState != null) {
			return isPermanentSqlState(sqlState);
		}
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
			if (passes(cause)) {
				return false;
			}
		}
		depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
			if (isTheRecords(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What went wrong, in the words closest to the cause: the database's own message with
	 * its SQLSTATE where there is one (not the statement a wrapper repeats), otherwise
	 * the innermost cause.
	 */
	public static String describe(Throwable failure) {
		Throwable innermost = failure;
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				return "SQLSTATE " + r2dbc.getSqlState() + ": " + r2dbc.getMessage();
			}
			if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
				return "SQLSTATE " + sql.getSQLState() + ": " + sql.getMessage();
			}
			innermost = cause;
		}
		return (innermost instanceof MalformedEventException) ? innermost.getMessage() : innermost.toString();
	}

	/**
	 * {@link #describe} cut after 500 characters, for a log line (the logging setup
	 * escapes what it holds; a statement a driver repeats can be long).
	 */
	public static String summarise(Throwable failure) {
		String described = describe(failure);
		return (described.length() <= 500) ? described : described.substring(0, 500) + "…";
	}

	/** Whether a SQLSTATE names a refusal of the data itself (classes 22, 23 and 54). */
	static boolean isPermanentSqlState(String sqlState) {
		return sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("54");
	}

	/** The first SQLSTATE in the chain of causes, or {@code null}. */
	static String sqlState(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
					&& !r2dbc.getSqlState().isBlank()) {
				return r2dbc.getSqlState();
			}
			if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& !sql.getSQLState().isBlank()) {
				return sql.getSQLState();
			}
		}
		return null;
	}

	private static boolean passes(Throwable cause) {
		return cause instanceof IOException || cause instanceof TimeoutException
				|| cause instanceof R2dbcTransientException || cause instanceof R2dbcNonTransientResourceException
				|| cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
				|| cause instanceof CannotCreateTransactionException || cause instanceof KafkaException
				|| cause instanceof InterruptedException;
	}

	private static boolean isTheRecords(Throwable cause) {
		return cause instanceof MalformedEventException || cause instanceof IllegalArgumentException
				|| cause instanceof IllegalStateException || cause instanceof DateTimeException
				|| cause instanceof ArithmeticException || cause instanceof NullPointerException
				|| cause instanceof ClassCastException || cause instanceof IndexOutOfBoundsException;
	}

}

package com.pilottracker.kafka;

import java.io.IOException;
import java.time.DateTimeException;

import com.pilottracker.contracts.MalformedEventException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTests {

	@ParameterizedTest
	@ValueSource(strings = { "22021", "22P05", "22008", "22001", "23505", "23514", "54000" })
	void setsAsideWhatTheDatabaseRefusesOfTheData(String sqlState) {
		// Spring wraps the driver's exception in whatever it translates it to: the
		// SQLSTATE decides, not the wrapper (54000 becomes a "resource failure")
		RuntimeException failure = new DataAccessResourceFailureException("execute; SQL [INSERT …]",
				new R2dbcNonTransientResourceException("refused", sqlState));

		assertThat(Failures.isPermanent(failure)).isTrue();
		assertThat(Failures.describe(failure)).isEqualTo("SQLSTATE " + sqlState + ": refused");
	}

	@ParameterizedTest
	@ValueSource(strings = { "08006", "40001", "40P01", "53100", "55P03", "57P01", "57014", "58030", "XX000", "42501",
			"42P01" })
	void retriesWhatPassesOrAnOperatorFixes(String sqlState) {
		RuntimeException failure = new DataIntegrityViolationException("wrapped",
				new R2dbcDataIntegrityViolationException("failed", sqlState));

		assertThat(Failures.isPermanent(failure)).isFalse();
	}

	@Test
	void retriesTheDatabaseOrTheBrokerBeingAway() {
		assertThat(Failures.isPermanent(new CannotCreateTransactionException("no connection",
				new R2dbcNonTransientResourceException("Connection refused"))))
			.isFalse();
		assertThat(Failures.isPermanent(new R2dbcTransientResourceException("closed"))).isFalse();
		assertThat(Failures.isPermanent(new R2dbcRollbackException("serialization"))).isFalse();
		assertThat(Failures.isPermanent(new IllegalStateException("wrapped", new IOException("reset")))).isFalse();
		assertThat(Failures.isPermanent(new TimeoutException("broker"))).isFalse();
		assertThat(Failures.isPermanent(new RuntimeException("anything else"))).isFalse();
	}

	@Test
	void setsAsideWhatPlainCodeRefusesOfAValue() {
		assertThat(Failures.isPermanent(new MalformedEventException("bad ce_subject"))).isTrue();
		assertThat(Failures.isPermanent(new RuntimeException(new IllegalArgumentException("No enum constant"))))
			.isTrue();
		assertThat(Failures.isPermanent(new DateTimeException("out of range"))).isTrue();
		assertThat(Failures.isPermanent(new IllegalStateException("a replay took it out of the pilot"))).isTrue();
	}

	@Test
	void retriesAGrammarOrPermissionProblemWithoutASqlState() {
		assertThat(Failures.isPermanent(new R2dbcBadGrammarException("no such table"))).isFalse();
		assertThat(Failures.isPermanent(new R2dbcPermissionDeniedException("denied"))).isFalse();
	}

}

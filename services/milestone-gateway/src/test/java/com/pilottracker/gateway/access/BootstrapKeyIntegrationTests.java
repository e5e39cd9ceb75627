package com.pilottracker.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.pilottracker.access.AccessProperties;
import com.pilottracker.access.AccessSchema;
import com.pilottracker.access.ApiKeyRepository;
import com.pilottracker.access.ApiKeys;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code PILOT_BOOTSTRAP_OFFICE_KEY} at start, on a real database: a new key revokes the
 * one before it, an old one given again stays revoked, and a weak one stops the start.
 */
@SpringBootTest
@ImportPilotInfrastructure
class BootstrapKeyIntegrationTests {

	@Autowired
	Environment environment;

	@Autowired
	ApiKeyRepository keys;

	@Autowired
	DatabaseClient db;

	@Autowired
	AccessProperties properties;

	@Test
	void aNewBootstrapKeyRevokesTheOneBeforeItAndAnOldOneStaysRevoked() {
		String testOffice = bootstrapId(TestApiKeys.OFFICE);
		String first = ApiKeys.generate().key();
		String second = ApiKeys.generate().key();
		try {
			start(first);
			assertThat(active(bootstrapId(first))).isTrue();
			assertThat(active(testOffice)).isFalse();
			assertThat(revokedBy(testOffice)).isEqualTo("bootstrap");

			start(second);
			assertThat(active(bootstrapId(second))).isTrue();
			assertThat(active(bootstrapId(first))).isFalse();

			start(first);
			assertThat(active(bootstrapId(first))).as("a revoked bootstrap key stays revoked").isFalse();
			assertThat(active(bootstrapId(second))).isTrue();
		}
		finally {
			// the other tests go on with the test office key
			this.db.sql("UPDATE access.api_key SET revoked_at = NULL, revoked_by = NULL WHERE key_id = :id")
				.bind("id", testOffice)
				.then()
				.block(Duration.ofSeconds(10));
			this.db
				.sql("UPDATE access.api_key SET revoked_at = now(), revoked_by = 'test' WHERE key_id IN (:ids) "
						+ "AND revoked_at IS NULL")
				.bind("ids", List.of(bootstrapId(first), bootstrapId(second)))
				.then()
				.block(Duration.ofSeconds(10));
		}
	}

	@Test
	void aBootstrapKeyWithTooLittleEntropyStopsTheStartWithAClearMessage() {
		for (Map.Entry<String, String> weak : Map
			.of("a".repeat(32), "repeats a pattern of 1 character", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
					"too little entropy", "short", "32 to 256 characters")
			.entrySet()) {
			assertThatIllegalStateException().isThrownBy(() -> start(weak.getKey()))
				.withMessageStartingWith("PILOT_BOOTSTRAP_OFFICE_KEY ")
				.withMessageContaining(weak.getValue())
				.withMessageNotContaining(weak.getKey());
			assertThat(active(bootstrapId(weak.getKey()))).isNull();
		}
	}

	private void start(String bootstrapKey) {
		AccessProperties configured = new AccessProperties(bootstrapKey, this.properties.keyCacheTtl(),
				this.properties.rateLimit(), this.properties.migrateSchema(), this.properties.schemaWait(),
				this.properties.unauthenticated(), this.properties.streams());
		new AccessSchema(this.environment, this.db, this.keys, configured, Clock.systemUTC()).afterPropertiesSet();
	}

	private static String bootstrapId(String key) {
		return ApiKeyRepository.BOOTSTRAP_PREFIX + ApiKeys.hash(key).substring(0, 10);
	}

	private Boolean active(String keyId) {
		return this.db.sql("SELECT revoked_at IS NULL AS active FROM access.api_key WHERE key_id = :id")
			.bind("id", keyId)
			.map((row) -> row.get("active", Boolean.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private String revokedBy(String keyId) {
		return this.db.sql("SELECT revoked_by FROM access.api_key WHERE key_id = :id")
			.bind("id", keyId)
			.map((row) -> row.get("revoked_by", String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}

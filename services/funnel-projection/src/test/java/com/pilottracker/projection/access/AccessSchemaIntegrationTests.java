package com.pilottracker.projection.access;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.pilottracker.access.AccessProperties;
import com.pilottracker.access.AccessSchema;
import com.pilottracker.access.ApiKeyRepository;
import com.pilottracker.testsupport.Infrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The projection under a database role that may only read the key table
 * ({@code pilot.security.migrate-schema=false}): it migrates nothing, waits for the
 * gateway to migrate the {@code access} schema, and fails its start clearly when the
 * table does not come. Each test has a database of its own, with no {@code access} schema
 * yet.
 */
class AccessSchemaIntegrationTests {

	static final Infrastructure INFRASTRUCTURE = TestInfrastructure.get();

	String database;

	@BeforeEach
	void freshDatabase() throws SQLException {
		this.database = "access_schema_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = DriverManager.getConnection(INFRASTRUCTURE.jdbcUrl(),
				INFRASTRUCTURE.postgresUser(), INFRASTRUCTURE.postgresPassword());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + this.database);
		}
	}

	@AfterEach
	void dropTheDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(INFRASTRUCTURE.jdbcUrl(),
				INFRASTRUCTURE.postgresUser(), INFRASTRUCTURE.postgresPassword());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
		}
	}

	@Test
	void failsTheStartClearlyWhenNoServiceMigratedTheKeyTable() {
		AccessSchema reader = schema(false, Duration.ofSeconds(1), null);

		assertThatIllegalStateException().isThrownBy(reader::afterPropertiesSet)
			.withMessageContaining("access.api_key is not there after PT1S")
			.withMessageContaining("pilot.security.migrate-schema=false");
		assertThat(accessSchemaExists()).as("the reader created nothing").isFalse();
	}

	@Test
	void waitsForTheKeyTableThatTheGatewayMigrates() {
		CompletableFuture<Void> reader = CompletableFuture
			.runAsync(() -> schema(false, Duration.ofSeconds(60), null).afterPropertiesSet());

		schema(true, Duration.ofSeconds(60), TestApiKeys.OFFICE).afterPropertiesSet();

		assertThat(reader).succeedsWithin(Duration.ofSeconds(30));
		assertThat(accessSchemaExists()).isTrue();
	}

	@Test
	void refusesToStoreTheBootstrapKeyWhenItDoesNotMigrate() {
		schema(true, Duration.ofSeconds(60), null).afterPropertiesSet();

		assertThatIllegalStateException()
			.isThrownBy(() -> schema(false, Duration.ofSeconds(1), TestApiKeys.OFFICE).afterPropertiesSet())
			.withMessageContaining("PILOT_BOOTSTRAP_OFFICE_KEY")
			.withMessageNotContaining(TestApiKeys.OFFICE);
	}

	private AccessSchema schema(boolean migrate, Duration wait, String bootstrapKey) {
		String url = databaseUrl();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.flyway.url", "jdbc:" + url, "spring.flyway.user",
					INFRASTRUCTURE.postgresUser(), "spring.flyway.password", INFRASTRUCTURE.postgresPassword())));
		ConnectionFactory connections = ConnectionFactories.get(ConnectionFactoryOptions.parse("r2dbc:" + url)
			.mutate()
			.option(ConnectionFactoryOptions.USER, INFRASTRUCTURE.postgresUser())
			.option(ConnectionFactoryOptions.PASSWORD, INFRASTRUCTURE.postgresPassword())
			.build());
		DatabaseClient db = DatabaseClient.create(connections);
		AccessProperties properties = new AccessProperties(bootstrapKey, Duration.ofSeconds(10),
				new AccessProperties.RateLimit(200, 400), migrate, wait,
				new AccessProperties.Unauthenticated(10, 50, Duration.ofSeconds(5), 2),
				new AccessProperties.Streams(5, Duration.ofSeconds(2)));
		return new AccessSchema(environment, db,
				new ApiKeyRepository(db, new org.springframework.r2dbc.connection.R2dbcTransactionManager(connections)),
				properties, Clock.systemUTC());
	}

	/** The test server's URL with this test's database in place of the services' one. */
	private String databaseUrl() {
		String url = INFRASTRUCTURE.postgresUrl();
		int query = url.indexOf('?');
		String path = (query < 0) ? url : url.substring(0, query);
		String parameters = (query < 0) ? "" : url.substring(query);
		return path.substring(0, path.lastIndexOf('/') + 1) + this.database + parameters;
	}

	private boolean accessSchemaExists() {
		try (Connection connection = DriverManager.getConnection("jdbc:" + databaseUrl(), INFRASTRUCTURE.postgresUser(),
				INFRASTRUCTURE.postgresPassword());
				Statement statement = connection.createStatement();
				var rows = statement
					.executeQuery("SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'access'")) {
			rows.next();
			return rows.getLong(1) == 1;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

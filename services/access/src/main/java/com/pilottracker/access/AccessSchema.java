package com.pilottracker.access;

import java.time.Clock;
import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Brings the {@code access} schema up to date (its own Flyway history, so any service
 * with an API can do it, whichever starts first) and stores the bootstrap office key if
 * one is configured. Runs while the application context starts, before the API answers.
 * <p>
 * Where the service's database role may only read the key table
 * ({@code pilot.security.migrate-schema=false}: the projection in docker-compose.yml,
 * whose role has a grant to read {@code access.api_key} and nothing more there), it
 * migrates nothing and stores no key: it waits for the key table that the gateway
 * migrates, and fails the start with a message saying so if the table does not come or
 * cannot be read.
 */
public class AccessSchema implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(AccessSchema.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final Environment environment;

	private final DatabaseClient db;

	private final ApiKeyRepository keys;

	private final AccessProperties properties;

	private final Clock clock;

	public AccessSchema(Environment environment, DatabaseClient db, ApiKeyRepository keys, AccessProperties properties,
			Clock clock) {
		this.environment = environment;
		this.db = db;
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.properties.migrateSchema()) {
			awaitKeyTable();
			return;
		}
		String url = this.environment.getRequiredProperty("spring.flyway.url");
		Flyway.configure()
			.dataSource(url, this.environment.getProperty("spring.flyway.user"),
					this.environment.getProperty("spring.flyway.password"))
			.schemas("access")
			.defaultSchema("access")
			.locations("classpath:db/access")
			.load()
			.migrate();
		String bootstrap = this.properties.bootstrapOfficeKey();
		if (bootstrap != null && !bootstrap.isBlank()) {
			String weakness = ApiKeys.weakness(bootstrap.strip());
			if (weakness != null) {
				throw new IllegalStateException(
						"PILOT_BOOTSTRAP_OFFICE_KEY " + weakness + " (the key is not shown here)");
			}
			ApiKeyRepository.Bootstrap stored = this.keys.insertBootstrap(bootstrap.strip(), this.clock.instant())
				.block(Duration.ofSeconds(30));
			if (stored != null && stored.stored()) {
				logger.info("Stored the bootstrap office key from PILOT_BOOTSTRAP_OFFICE_KEY as {}{}", stored.keyId(),
						stored.revoked().isEmpty() ? ""
								: "; revoked the earlier bootstrap key(s) " + String.join(", ", stored.revoked()));
			}
		}
	}

	private void awaitKeyTable() {
		String bootstrap = this.properties.bootstrapOfficeKey();
		if (bootstrap != null && !bootstrap.isBlank()) {
			throw new IllegalStateException("PILOT_BOOTSTRAP_OFFICE_KEY is stored by the service that migrates the "
					+ "access schema (the gateway); leave it unset where pilot.security.migrate-schema is false");
		}
		Duration wait = this.properties.schemaWait();
		Boolean present = Flux.interval(Duration.ZERO, POLL)
			.concatMap((tick) -> keyTablePresent())
			.filter(Boolean::booleanValue)
			.next()
			.timeout(wait, Mono.just(false))
			.block();
		if (!Boolean.TRUE.equals(present)) {
			throw new IllegalStateException("access.api_key is not there after " + wait
					+ ": with pilot.security.migrate-schema=false, the service that migrates the access schema "
					+ "(the gateway) must start first, on the same database");
		}
		if (!Boolean.TRUE.equals(keyTableReadable().block(Duration.ofSeconds(30)))) {
			throw new IllegalStateException("this service's database role may not read access.api_key: grant it "
					+ "USAGE on schema access and SELECT on the table (see infra/postgres/init)");
		}
		logger.info("Found access.api_key, migrated by another service");
	}

	/** From the catalog, which every role may read, whatever its rights on the schema. */
	private Mono<Boolean> keyTablePresent() {
		return this.db
			.sql("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = 'access' "
					+ "AND tablename = 'api_key')")
			.map((row) -> row.get(0, Boolean.class))
			.one();
	}

	/** The schema first: naming a table in a schema the role may not use is an error. */
	private Mono<Boolean> keyTableReadable() {
		return this.db
			.sql("SELECT CASE WHEN has_schema_privilege('access', 'USAGE') "
					+ "THEN has_table_privilege('access.api_key', 'SELECT') ELSE false END")
			.map((row) -> row.get(0, Boolean.class))
			.one();
	}

}

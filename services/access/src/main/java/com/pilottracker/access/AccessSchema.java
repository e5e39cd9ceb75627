package com.pilottracker.access;

import java.time.Clock;
import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * Brings the {@code access} schema up to date (its own Flyway history, so any service
 * with an API can do it, whichever starts first) and stores the bootstrap office key if
 * one is configured. Runs while the application context starts, before the API answers.
 */
public class AccessSchema implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(AccessSchema.class);

	private final Environment environment;

	private final ApiKeyRepository keys;

	private final AccessProperties properties;

	private final Clock clock;

	public AccessSchema(Environment environment, ApiKeyRepository keys, AccessProperties properties, Clock clock) {
		this.environment = environment;
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
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

}

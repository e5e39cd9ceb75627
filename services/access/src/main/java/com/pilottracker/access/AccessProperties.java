package com.pilottracker.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pilot.security.*}.
 *
 * @param bootstrapOfficeKey an office key to store at start, so the office can issue the
 * first keys ({@code PILOT_BOOTSTRAP_OFFICE_KEY}); blank for none
 * @param keyCacheTtl how long a service trusts a key it has looked up: a revoked key is
 * refused by every replica at most this long after its revocation
 * @param rateLimit the per-key rate limit
 * @param migrateSchema whether this service brings the {@code access} schema up to date
 * at start; {@code false} where its database role may only read the key table (the
 * projection's, in docker-compose.yml): it then waits for the service that migrates it
 * @param schemaWait with {@code migrateSchema} off, how long to wait at start for the key
 * table before failing
 */
@ConfigurationProperties("pilot.security")
public record AccessProperties(String bootstrapOfficeKey, @DefaultValue("10s") Duration keyCacheTtl,
		@DefaultValue RateLimit rateLimit, @DefaultValue("true") boolean migrateSchema,
		@DefaultValue("2m") Duration schemaWait) {

	/**
	 * A token bucket per key.
	 *
	 * @param requestsPerSecond the sustained rate a key may use
	 * @param burst how many requests a key may make at once after a quiet spell
	 */
	public record RateLimit(@DefaultValue("200") double requestsPerSecond, @DefaultValue("400") int burst) {

	}

	@Override
	public String toString() {
		return "AccessProperties[bootstrapOfficeKey="
				+ ((this.bootstrapOfficeKey == null || this.bootstrapOfficeKey.isBlank()) ? "none" : "(set)")
				+ ", keyCacheTtl=" + this.keyCacheTtl + ", rateLimit=" + this.rateLimit + ", migrateSchema="
				+ this.migrateSchema + ", schemaWait=" + this.schemaWait + "]";
	}

}

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
 * @param unauthenticated the limits on requests whose key this replica does not know to
 * be valid
 * @param streams the limits on Server-Sent Events streams
 */
@ConfigurationProperties("pilot.security")
public record AccessProperties(String bootstrapOfficeKey, @DefaultValue("10s") Duration keyCacheTtl,
		@DefaultValue RateLimit rateLimit, @DefaultValue("true") boolean migrateSchema,
		@DefaultValue("2m") Duration schemaWait, @DefaultValue Unauthenticated unauthenticated,
		@DefaultValue Streams streams) {

	/**
	 * A token bucket per key.
	 *
	 * @param requestsPerSecond the sustained rate a key may use
	 * @param burst how many requests a key may make at once after a quiet spell
	 */
	public record RateLimit(@DefaultValue("200") double requestsPerSecond, @DefaultValue("400") int burst) {

	}

	/**
	 * Requests with no key, or a key this replica has not yet seen valid, are limited
	 * before any hashing or database work, so they cannot take the database connections
	 * that valid keys' requests need.
	 *
	 * @param requestsPerSecond the sustained rate of such requests per client address (an
	 * IPv6 address counts by its /64)
	 * @param burst how many such requests an address may make at once
	 * @param unknownKeyTtl how long a key found unknown is answered 401 without asking
	 * the database again; a key issued on this replica is taken out at once
	 * @param maxConcurrentLookups how many unknown keys this replica looks up in the
	 * database at once (keep it well below the connection pool); beyond it, 503 with
	 * {@code Retry-After}
	 */
	public record Unauthenticated(@DefaultValue("10") double requestsPerSecond, @DefaultValue("50") int burst,
			@DefaultValue("5s") Duration unknownKeyTtl, @DefaultValue("2") int maxConcurrentLookups) {

		/** The per-address token bucket. */
		public RateLimit perAddress() {
			return new RateLimit(this.requestsPerSecond, this.burst);
		}

	}

	/**
	 * Server-Sent Events streams.
	 *
	 * @param maxPerKey how many streams one key may hold open on a replica; beyond it,
	 * 429
	 * @param revocationCheck how often the keys of open streams are checked together; a
	 * revoked key's streams end within this
	 */
	public record Streams(@DefaultValue("5") int maxPerKey, @DefaultValue("2s") Duration revocationCheck) {

	}

	@Override
	public String toString() {
		return "AccessProperties[bootstrapOfficeKey="
				+ ((this.bootstrapOfficeKey == null || this.bootstrapOfficeKey.isBlank()) ? "none" : "(set)")
				+ ", keyCacheTtl=" + this.keyCacheTtl + ", rateLimit=" + this.rateLimit + ", migrateSchema="
				+ this.migrateSchema + ", schemaWait=" + this.schemaWait + ", unauthenticated=" + this.unauthenticated
				+ ", streams=" + this.streams + "]";
	}

}

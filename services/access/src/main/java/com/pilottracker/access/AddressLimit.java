package com.pilottracker.access;

import java.time.Duration;

/**
 * The allowance per client address for requests with no key or a key this replica does
 * not know to be valid ({@code pilot.security.unauthenticated}). Taken before anything is
 * hashed or looked up, so such requests cost one map lookup each once it is spent.
 */
final class AddressLimit {

	private final RateLimiter buckets;

	private final double perSecond;

	AddressLimit(AccessProperties.Unauthenticated limits) {
		this(new RateLimiter(limits.perAddress()), limits.requestsPerSecond());
	}

	AddressLimit(RateLimiter buckets, double perSecond) {
		this.buckets = buckets;
		this.perSecond = perSecond;
	}

	/**
	 * Takes one request from the address's allowance.
	 * @return {@link Duration#ZERO} if it may go ahead, otherwise how long until it could
	 */
	Duration acquire(String client) {
		return this.buckets.acquire((client != null) ? client : "unknown");
	}

	double perSecond() {
		return this.perSecond;
	}

}

package com.pilottracker.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key, in this replica's memory: {@code burst} requests at once,
 * refilled at {@code requestsPerSecond}. With several replicas behind a balancer a key
 * may make that many requests per replica.
 */
public class RateLimiter {

	private final double perNano;

	private final double burst;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public RateLimiter(AccessProperties.RateLimit limit) {
		this(limit, System::nanoTime);
	}

	RateLimiter(AccessProperties.RateLimit limit, LongSupplier nanoTime) {
		if (limit.requestsPerSecond() <= 0 || limit.burst() < 1) {
			throw new IllegalArgumentException(
					"pilot.security.rate-limit needs a positive rate and a burst of 1 or more");
		}
		this.perNano = limit.requestsPerSecond() / 1e9;
		this.burst = limit.burst();
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one request from the key's bucket.
	 * @return {@link Duration#ZERO} if the request may go ahead, otherwise how long until
	 * it could
	 */
	public Duration acquire(String keyId) {
		Bucket bucket = this.buckets.computeIfAbsent(keyId, (id) -> new Bucket(this.burst, this.nanoTime.getAsLong()));
		synchronized (bucket) {
			long now = this.nanoTime.getAsLong();
			bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perNano);
			bucket.at = now;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return Duration.ZERO;
			}
			return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / this.perNano));
		}
	}

	private static final class Bucket {

		private double tokens;

		private long at;

		Bucket(double tokens, long at) {
			this.tokens = tokens;
			this.at = at;
		}

	}

}

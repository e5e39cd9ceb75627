package com.pilottracker.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per name (an API key's id, or a client address), in this replica's
 * memory: {@code burst} requests at once, refilled at {@code requestsPerSecond}. With
 * several replicas behind a balancer a name may make that many requests per replica.
 * <p>
 * The buckets are bounded: past {@code maxTracked} names, the buckets that have refilled
 * (a full bucket is the same as none) are dropped, and if that is not enough, all. Client
 * addresses come from outside, so without a bound a caller with many addresses could fill
 * the heap.
 */
public class RateLimiter {

	static final int DEFAULT_MAX_TRACKED = 100_000;

	private final double perNano;

	private final double burst;

	private final int maxTracked;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public RateLimiter(AccessProperties.RateLimit limit) {
		this(limit, DEFAULT_MAX_TRACKED, System::nanoTime);
	}

	RateLimiter(AccessProperties.RateLimit limit, LongSupplier nanoTime) {
		this(limit, DEFAULT_MAX_TRACKED, nanoTime);
	}

	RateLimiter(AccessProperties.RateLimit limit, int maxTracked, LongSupplier nanoTime) {
		if (limit.requestsPerSecond() <= 0 || limit.burst() < 1) {
			throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of 1 or more");
		}
		this.perNano = limit.requestsPerSecond() / 1e9;
		this.burst = limit.burst();
		this.maxTracked = maxTracked;
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one request from the name's bucket.
	 * @return {@link Duration#ZERO} if the request may go ahead, otherwise how long until
	 * it could
	 */
	public Duration acquire(String name) {
		Bucket bucket = this.buckets.get(name);
		if (bucket == null) {
			if (this.buckets.size() >= this.maxTracked) {
				trim();
			}
			bucket = this.buckets.computeIfAbsent(name, (id) -> new Bucket(this.burst, this.nanoTime.getAsLong()));
		}
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

	/** How many names have a bucket. */
	int tracked() {
		return this.buckets.size();
	}

	private void trim() {
		long now = this.nanoTime.getAsLong();
		this.buckets.values().removeIf((bucket) -> {
			synchronized (bucket) {
				return bucket.tokens + (now - bucket.at) * this.perNano >= this.burst;
			}
		});
		if (this.buckets.size() >= this.maxTracked) {
			this.buckets.clear();
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

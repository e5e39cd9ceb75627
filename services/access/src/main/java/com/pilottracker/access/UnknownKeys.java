package com.pilottracker.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The hashes of keys the database did not know, remembered for a few seconds so that the
 * same unknown key offered again is answered 401 without a query. A key issued on this
 * replica is taken out at once ({@link #remove}), so a new key works here at once; one
 * issued on another replica works here at most {@code ttl} after it was last refused.
 * <p>
 * Bounded: when full, the expired hashes are dropped, and if none has expired the new
 * hash is not remembered (its next lookup still waits for a free lookup slot).
 */
final class UnknownKeys {

	static final int DEFAULT_MAX_REMEMBERED = 100_000;

	private final long ttlNanos;

	private final int maxRemembered;

	private final LongSupplier nanoTime;

	/** hash -> when it was found unknown. */
	private final Map<String, Long> hashes = new ConcurrentHashMap<>();

	UnknownKeys(Duration ttl) {
		this(ttl, DEFAULT_MAX_REMEMBERED, System::nanoTime);
	}

	UnknownKeys(Duration ttl, int maxRemembered, LongSupplier nanoTime) {
		this.ttlNanos = ttl.toNanos();
		this.maxRemembered = maxRemembered;
		this.nanoTime = nanoTime;
	}

	/** Whether the key with this hash was found unknown less than the TTL ago. */
	boolean contains(String hash) {
		Long at = this.hashes.get(hash);
		if (at == null) {
			return false;
		}
		if (this.nanoTime.getAsLong() - at < this.ttlNanos) {
			return true;
		}
		this.hashes.remove(hash, at);
		return false;
	}

	/** Remembers that the database does not know the key with this hash. */
	void add(String hash) {
		if (this.ttlNanos <= 0) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		if (this.hashes.size() >= this.maxRemembered) {
			this.hashes.values().removeIf((at) -> now - at >= this.ttlNanos);
			if (this.hashes.size() >= this.maxRemembered) {
				return;
			}
		}
		this.hashes.put(hash, now);
	}

	/** Forgets the hash: its key has just been issued. */
	void remove(String hash) {
		this.hashes.remove(hash);
	}

	int size() {
		return this.hashes.size();
	}

}

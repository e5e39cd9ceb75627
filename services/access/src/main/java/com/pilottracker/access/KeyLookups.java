package com.pilottracker.access;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * A bulkhead for the database lookups of keys this replica does not know yet: at most
 * {@code maxConcurrent} at once, the others refused at once (not queued). Unknown keys
 * can come in any number, from any number of addresses; bounded here, they can take at
 * most this many connections from the pool that valid keys' requests use. Known keys are
 * checked again outside it, so a flood of unknown ones never locks a valid key out.
 */
final class KeyLookups {

	private final int maxConcurrent;

	private final Semaphore permits;

	KeyLookups(int maxConcurrent) {
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException(
					"pilot.security.unauthenticated.max-concurrent-lookups must be 1 or more");
		}
		this.maxConcurrent = maxConcurrent;
		this.permits = new Semaphore(maxConcurrent);
	}

	/**
	 * Runs the lookup if a slot is free, holding the slot until the lookup ends (or is
	 * cancelled); otherwise fails with {@link Busy} without subscribing to it.
	 */
	<T> Mono<T> run(Supplier<Mono<T>> lookup) {
		return Mono.defer(() -> {
			if (!this.permits.tryAcquire()) {
				return Mono.error(new Busy(this.maxConcurrent));
			}
			Mono<T> started;
			try {
				started = lookup.get();
			}
			catch (RuntimeException ex) {
				this.permits.release();
				return Mono.error(ex);
			}
			return started.doFinally((signal) -> this.permits.release());
		});
	}

	/** How many lookups may start now. */
	int available() {
		return this.permits.availablePermits();
	}

	/** Every slot was taken. */
	static final class Busy extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Busy(int maxConcurrent) {
			super("all " + maxConcurrent + " key lookup slots are taken", null, false, false);
		}

	}

}

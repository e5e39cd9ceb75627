package com.pilottracker.access;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * An offered key that was not checked at all: its client address has spent its allowance
 * for requests without a known key, or every lookup slot was taken. Answered 429 or 503
 * with {@code Retry-After} by {@link AccessProblems}.
 */
final class KeyNotCheckedException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	/** Why the key was not checked. */
	enum Why {

		/** The client address made too many requests without a known key. */
		ADDRESS_LIMITED,

		/** Every lookup slot was taken. */
		LOOKUPS_BUSY

	}

	private final Why why;

	private final transient Duration retryAfter;

	KeyNotCheckedException(Why why, Duration retryAfter) {
		super((why == Why.ADDRESS_LIMITED) ? "too many requests without a known key from this address"
				: "every key lookup slot is taken");
		this.why = why;
		this.retryAfter = retryAfter;
	}

	Why why() {
		return this.why;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}

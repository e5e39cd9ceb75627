package com.pilottracker.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimiterTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final RateLimiter limiter = new RateLimiter(new AccessProperties.RateLimit(10, 3), this.now::get);

	@Test
	void aKeyMayUseItsBurstAtOnceAndThenWaitsForTheRefill() {
		assertThat(this.limiter.acquire("a")).isZero();
		assertThat(this.limiter.acquire("a")).isZero();
		assertThat(this.limiter.acquire("a")).isZero();
		assertThat(this.limiter.acquire("a")).isEqualTo(Duration.ofMillis(100));
		this.now.addAndGet(Duration.ofMillis(100).toNanos());
		assertThat(this.limiter.acquire("a")).isZero();
		assertThat(this.limiter.acquire("a")).isPositive();
	}

	@Test
	void keysHaveTheirOwnBuckets() {
		for (int i = 0; i < 3; i++) {
			this.limiter.acquire("a");
		}
		assertThat(this.limiter.acquire("a")).isPositive();
		assertThat(this.limiter.acquire("b")).isZero();
	}

	@Test
	void aQuietSpellRefillsNoMoreThanTheBurst() {
		this.limiter.acquire("a");
		this.now.addAndGet(Duration.ofHours(1).toNanos());
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.acquire("a")).isZero();
		}
		assertThat(this.limiter.acquire("a")).isPositive();
	}

	@Test
	void tracksABoundedNumberOfNamesDroppingRefilledBucketsFirst() {
		RateLimiter bounded = new RateLimiter(new AccessProperties.RateLimit(10, 3), 3, this.now::get);
		bounded.acquire("quiet");
		for (int i = 0; i < 3; i++) {
			bounded.acquire("busy");
		}
		bounded.acquire("third");
		this.now.addAndGet(Duration.ofMillis(100).toNanos());

		bounded.acquire("fourth");

		assertThat(bounded.tracked()).isEqualTo(2);
		assertThat(bounded.acquire("busy")).as("a bucket still refilling is kept").isZero();
		assertThat(bounded.acquire("busy")).isPositive();
	}

	@Test
	void aLimitThatAdmitsNothingIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(new AccessProperties.RateLimit(0, 3)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(new AccessProperties.RateLimit(5, 0)));
	}

}

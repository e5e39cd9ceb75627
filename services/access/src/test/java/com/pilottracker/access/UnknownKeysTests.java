package com.pilottracker.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownKeysTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final UnknownKeys unknown = new UnknownKeys(Duration.ofSeconds(5), 3, this.now::get);

	@Test
	void remembersAnUnknownKeyForItsTtlOnly() {
		this.unknown.add("h1");
		assertThat(this.unknown.contains("h1")).isTrue();
		assertThat(this.unknown.contains("h2")).isFalse();

		this.now.addAndGet(Duration.ofMillis(4999).toNanos());
		assertThat(this.unknown.contains("h1")).isTrue();
		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.unknown.contains("h1")).isFalse();
		assertThat(this.unknown.size()).isZero();
	}

	@Test
	void forgetsAKeyAtOnceWhenItIsIssued() {
		this.unknown.add("h1");
		this.unknown.remove("h1");
		assertThat(this.unknown.contains("h1")).isFalse();
	}

	@Test
	void whenFullDropsTheExpiredHashesAndOtherwiseRemembersNoMore() {
		this.unknown.add("h1");
		this.unknown.add("h2");
		this.now.addAndGet(Duration.ofSeconds(3).toNanos());
		this.unknown.add("h3");
		this.unknown.add("h4");
		assertThat(this.unknown.contains("h4")).isFalse();
		assertThat(this.unknown.contains("h1")).isTrue();

		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		this.unknown.add("h4");
		assertThat(this.unknown.contains("h4")).isTrue();
		assertThat(this.unknown.contains("h3")).isTrue();
		assertThat(this.unknown.contains("h1")).isFalse();
		assertThat(this.unknown.size()).isEqualTo(2);
	}

	@Test
	void aZeroTtlRemembersNothing() {
		UnknownKeys none = new UnknownKeys(Duration.ZERO, 3, this.now::get);
		none.add("h1");
		assertThat(none.contains("h1")).isFalse();
		assertThat(none.size()).isZero();
	}

}

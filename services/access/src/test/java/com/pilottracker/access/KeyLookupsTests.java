package com.pilottracker.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyLookupsTests {

	private final KeyLookups lookups = new KeyLookups(2);

	private final AtomicInteger started = new AtomicInteger();

	@Test
	void runsAtMostItsLimitAtOnceAndRefusesTheRestWithoutStartingThem() {
		Sinks.One<String> first = Sinks.one();
		Sinks.One<String> second = Sinks.one();
		Mono<String> one = this.lookups.run(() -> counted(first.asMono()));
		Mono<String> two = this.lookups.run(() -> counted(second.asMono()));
		Disposable a = one.subscribe();
		Disposable b = two.subscribe();

		StepVerifier.create(this.lookups.run(() -> counted(Mono.just("third"))))
			.expectError(KeyLookups.Busy.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.started).hasValue(2);
		assertThat(this.lookups.available()).isZero();
		a.dispose();
		b.dispose();
	}

	@Test
	void freesItsSlotWhenALookupAnswersFailsOrIsCancelled() {
		StepVerifier.create(this.lookups.run(() -> Mono.just("found"))).expectNext("found").verifyComplete();
		StepVerifier.create(this.lookups.run(() -> Mono.error(new IllegalStateException("database down"))))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.lookups.run(Mono::empty)).verifyComplete();
		Disposable waiting = this.lookups.run(Mono::never).subscribe();
		assertThat(this.lookups.available()).isEqualTo(1);
		waiting.dispose();
		assertThat(this.lookups.available()).isEqualTo(2);
	}

	@Test
	void aSlotIsTakenOnlyWhenTheLookupIsSubscribed() {
		Mono<String> notYet = this.lookups.run(() -> counted(Mono.just("later")));
		assertThat(this.lookups.available()).isEqualTo(2);
		StepVerifier.create(notYet).expectNext("later").verifyComplete();
		assertThat(this.started).hasValue(1);
		assertThat(this.lookups.available()).isEqualTo(2);
	}

	@Test
	void aLimitOfNoLookupsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new KeyLookups(0));
	}

	private <T> Mono<T> counted(Mono<T> lookup) {
		this.started.incrementAndGet();
		return lookup;
	}

}

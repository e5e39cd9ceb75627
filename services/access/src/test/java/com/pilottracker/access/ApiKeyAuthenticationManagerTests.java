package com.pilottracker.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.security.core.Authentication;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyAuthenticationManagerTests {

	private static final Caller PROVIDER = new Caller("k-1", "ceprei", Role.PROVIDER);

	@Test
	void sharesOneLookupAmongRequestsOfferingTheSameKeyAtOnce() {
		Sinks.One<Caller> found = Sinks.one();
		CountingKeys keys = new CountingKeys(found.asMono());
		ApiKeyAuthenticationManager manager = manager(keys, 1);
		String key = ApiKeys.generate().key();

		List<Authentication> answers = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			manager.authenticate(ApiKeyAuthentication.offered(key, "10.0.0.1")).subscribe(answers::add, failures::add);
		}
		found.tryEmitValue(PROVIDER);

		assertThat(failures).isEmpty();
		assertThat(answers).hasSize(20).allSatisfy((answer) -> assertThat(answer.isAuthenticated()).isTrue());
		assertThat(keys.lookups.get()).isEqualTo(1);
	}

	@Test
	void looksEachKeyUpOnItsOwn() {
		CountingKeys keys = new CountingKeys(Mono.empty());
		ApiKeyAuthenticationManager manager = manager(keys, 1);
		String key = ApiKeys.generate().key();

		List<Throwable> failures = new ArrayList<>();
		manager.authenticate(ApiKeyAuthentication.offered(key, "10.0.0.1")).subscribe((ok) -> {
		}, failures::add);
		manager.authenticate(ApiKeyAuthentication.offered(ApiKeys.generate().key(), "10.0.0.1")).subscribe((ok) -> {
		}, failures::add);

		assertThat(failures).hasSize(2);
		assertThat(keys.lookups.get()).isEqualTo(2);
	}

	private static ApiKeyAuthenticationManager manager(ApiKeyRepository keys, int maxConcurrentLookups) {
		AddressLimit generous = new AddressLimit(new RateLimiter(new AccessProperties.RateLimit(1000, 1000)), 1000);
		return new ApiKeyAuthenticationManager(keys, Duration.ofMinutes(1), generous,
				new UnknownKeys(Duration.ofSeconds(5)), new KeyLookups(maxConcurrentLookups), System::nanoTime);
	}

	/** A key store whose lookups answer what it is given, counting them. */
	private static final class CountingKeys extends ApiKeyRepository {

		private final AtomicInteger lookups = new AtomicInteger();

		private final Mono<Caller> answer;

		CountingKeys(Mono<Caller> answer) {
			super(null, new NoTransactions());
			this.answer = answer;
		}

		@Override
		public Mono<Caller> findActiveByHash(String keyHash) {
			return Mono.defer(() -> {
				this.lookups.incrementAndGet();
				return this.answer;
			});
		}

	}

	private static final class NoTransactions implements ReactiveTransactionManager {

		@Override
		public Mono<ReactiveTransaction> getReactiveTransaction(TransactionDefinition definition) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> commit(ReactiveTransaction transaction) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> rollback(ReactiveTransaction transaction) {
			return Mono.empty();
		}

	}

}

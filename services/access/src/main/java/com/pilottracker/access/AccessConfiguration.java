package com.pilottracker.access;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * API-key security for a service with an HTTP API. Import it and declare a
 * {@code SecurityWebFilterChain} built with {@link AccessSecurity#apply}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

	@Bean
	ApiKeyRepository apiKeyRepository(DatabaseClient db, ObjectProvider<ReactiveTransactionManager> transactions) {
		return new ApiKeyRepository(db,
				transactions.getIfAvailable(() -> new R2dbcTransactionManager(db.getConnectionFactory())));
	}

	@Bean
	AccessSchema accessSchema(Environment environment, DatabaseClient db, ApiKeyRepository keys,
			AccessProperties properties, ObjectProvider<Clock> clock) {
		return new AccessSchema(environment, db, keys, properties, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	AddressLimit accessAddressLimit(AccessProperties properties) {
		return new AddressLimit(properties.unauthenticated());
	}

	@Bean
	ApiKeyAuthenticationManager apiKeyAuthenticationManager(ApiKeyRepository keys, AccessProperties properties,
			AccessSchema schema, AddressLimit addressLimit) {
		AccessProperties.Unauthenticated unauthenticated = properties.unauthenticated();
		return new ApiKeyAuthenticationManager(keys, properties.keyCacheTtl(), addressLimit,
				new UnknownKeys(unauthenticated.unknownKeyTtl()),
				new KeyLookups(unauthenticated.maxConcurrentLookups()), System::nanoTime);
	}

	@Bean
	RateLimiter rateLimiter(AccessProperties properties) {
		return new RateLimiter(properties.rateLimit());
	}

	@Bean
	PrintableRequests printableRequests() {
		return new PrintableRequests();
	}

	@Bean
	AccessProblems accessProblems(MeterRegistry meters, AddressLimit addressLimit) {
		return new AccessProblems(meters, addressLimit);
	}

	@Bean
	AccessSecurity accessSecurity(ApiKeyAuthenticationManager manager, RateLimiter limiter, AccessProblems problems,
			AccessProperties properties, AddressLimit addressLimit) {
		return new AccessSecurity(manager, limiter, problems, properties, addressLimit);
	}

	@Bean
	KeyStreams keyStreams(ApiKeyRepository keys, AccessProblems problems, AccessProperties properties) {
		return new KeyStreams(keys, problems, properties.streams());
	}

}

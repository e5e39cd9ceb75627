package com.pilottracker.access;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;

/**
 * API-key security for a service with an HTTP API. Import it and declare a
 * {@code SecurityWebFilterChain} built with {@link AccessSecurity#apply}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

	@Bean
	ApiKeyRepository apiKeyRepository(DatabaseClient db) {
		return new ApiKeyRepository(db);
	}

	@Bean
	AccessSchema accessSchema(Environment environment, DatabaseClient db, ApiKeyRepository keys,
			AccessProperties properties, ObjectProvider<Clock> clock) {
		return new AccessSchema(environment, db, keys, properties, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	ApiKeyAuthenticationManager apiKeyAuthenticationManager(ApiKeyRepository keys, AccessProperties properties,
			AccessSchema schema) {
		return new ApiKeyAuthenticationManager(keys, properties.keyCacheTtl());
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
	AccessProblems accessProblems(MeterRegistry meters) {
		return new AccessProblems(meters);
	}

	@Bean
	AccessSecurity accessSecurity(ApiKeyAuthenticationManager manager, RateLimiter limiter, AccessProblems problems,
			AccessProperties properties) {
		return new AccessSecurity(manager, limiter, problems, properties);
	}

}

package com.pilottracker.access;

import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
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

	/**
	 * The management port's requests, before each service's API chain: WebFlux runs the
	 * parent context's web filters in the management child context too, so without this
	 * chain a scrape would go through the API keys and their limits.
	 * {@code EndpointRequest} matches only on the management port when it is a port of
	 * its own (docs/decisions/0014-management-port.md).
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain managementChain(ServerHttpSecurity http) {
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.build();
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

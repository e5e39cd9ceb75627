package com.pilottracker.access;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.WebFilter;

/**
 * What every API's security chain has in common: a Bearer API key (no sessions, no
 * cookies, no CSRF, no login page), the per-key rate limit, the per-address limit on
 * requests without a known key (see {@link ApiKeyAuthenticationManager}), and problem
 * bodies for every refusal. A service adds its own {@code authorizeExchange} rules:
 *
 * <pre class="code">
 * return access.apply(http)
 * 	.authorizeExchange((exchanges) -&gt; exchanges.pathMatchers("/api/v1/admin/**").hasRole("OFFICE")
 * 		.anyExchange().authenticated())
 * 	.build();
 * </pre>
 */
public class AccessSecurity {

	private final ApiKeyAuthenticationManager authenticationManager;

	private final RateLimiter rateLimiter;

	private final AccessProblems problems;

	private final AccessProperties properties;

	private final AddressLimit addressLimit;

	AccessSecurity(ApiKeyAuthenticationManager authenticationManager, RateLimiter rateLimiter, AccessProblems problems,
			AccessProperties properties, AddressLimit addressLimit) {
		this.authenticationManager = authenticationManager;
		this.rateLimiter = rateLimiter;
		this.problems = problems;
		this.properties = properties;
		this.addressLimit = addressLimit;
	}

	public ServerHttpSecurity apply(ServerHttpSecurity http) {
		AuthenticationWebFilter authentication = new AuthenticationWebFilter(this.authenticationManager);
		authentication.setServerAuthenticationConverter(new BearerKeyConverter(this.addressLimit));
		ServerAuthenticationEntryPointFailureHandler failure = new ServerAuthenticationEntryPointFailureHandler(
				this.problems);
		failure.setRethrowAuthenticationServiceException(false);
		authentication.setAuthenticationFailureHandler(failure);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(this.problems).accessDeniedHandler(this.problems))
			.addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
			.addFilterAfter(rateLimit(), SecurityWebFiltersOrder.AUTHENTICATION);
	}

	private WebFilter rateLimit() {
		return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
			.map((context) -> Optional.ofNullable(callerOf(context.getAuthentication())))
			.defaultIfEmpty(Optional.empty())
			.flatMap((caller) -> {
				if (caller.isPresent()) {
					Duration wait = this.rateLimiter.acquire(caller.get().keyId());
					if (!wait.isZero()) {
						return this.problems.tooManyRequests(exchange, wait,
								this.properties.rateLimit().requestsPerSecond());
					}
				}
				return chain.filter(exchange);
			});
	}

	private static Caller callerOf(Authentication authentication) {
		return (authentication instanceof ApiKeyAuthentication key) ? key.getPrincipal() : null;
	}

}

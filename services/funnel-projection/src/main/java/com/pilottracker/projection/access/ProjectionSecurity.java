package com.pilottracker.projection.access;

import com.pilottracker.access.AccessConfiguration;
import com.pilottracker.access.AccessSecurity;
import com.pilottracker.access.Role;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Who may call what on the projection: the funnel and the analytics are read with any key
 * (VIEWER, PROVIDER or OFFICE); the rebuild is the office's; the leadership page's files
 * are open. Health and metrics: anyone who can reach the port.
 */
@Configuration(proxyBeanMethods = false)
@Import(AccessConfiguration.class)
class ProjectionSecurity {

	@Bean
	SecurityWebFilterChain projectionSecurityChain(ServerHttpSecurity http, AccessSecurity access) {
		return access.apply(http)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/**", "/livez", "/readyz")
				.permitAll()
				// the leadership page itself holds no figures: it asks for a key, then
				// the API
				.pathMatchers(HttpMethod.GET, "/", "/leadership", "/leadership/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/funnel", "/api/v1/funnel/**")
				.authenticated()
				// the analytics name enterprises and every provider: leadership and the
				// office
				.pathMatchers(HttpMethod.GET, "/api/v1/analytics", "/api/v1/analytics/**")
				.hasAnyRole(Role.VIEWER.name(), Role.OFFICE.name())
				.pathMatchers("/api/v1/admin/**")
				.hasRole(Role.OFFICE.name())
				.anyExchange()
				.authenticated())
			.build();
	}

}

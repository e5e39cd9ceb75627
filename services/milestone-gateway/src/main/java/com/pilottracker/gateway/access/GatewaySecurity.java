package com.pilottracker.gateway.access;

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
 * Who may call what on the gateway. Milestones: the office and providers (what each may
 * report is checked per milestone, see {@code MilestoneScope}). Reference data: every
 * key. The registries: the office and viewers. Administration: the office. The probes
 * ({@code /livez}, {@code /readyz}, status only) and the OpenAPI document: anyone. The
 * management endpoints (metrics, health with details) are on the management port only,
 * for whoever can reach it: the internal network, never the public one
 * (docs/decisions/0014-management-port.md).
 */
@Configuration(proxyBeanMethods = false)
@Import(AccessConfiguration.class)
class GatewaySecurity {

	@Bean
	SecurityWebFilterChain gatewaySecurityChain(ServerHttpSecurity http, AccessSecurity access) {
		String office = Role.OFFICE.name();
		String provider = Role.PROVIDER.name();
		return access.apply(http)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/livez", "/readyz", "/v3/api-docs/**")
				.permitAll()
				.pathMatchers("/api/v1/milestones", "/api/v1/milestones/**")
				.hasAnyRole(office, provider)
				.pathMatchers(HttpMethod.GET, "/api/v1/reference/**")
				.authenticated()
				.pathMatchers(HttpMethod.GET, "/api/v1/registries", "/api/v1/registries/**")
				.hasAnyRole(office, Role.VIEWER.name())
				.pathMatchers("/api/v1/admin/**")
				.hasRole(office)
				.anyExchange()
				.authenticated())
			.build();
	}

}

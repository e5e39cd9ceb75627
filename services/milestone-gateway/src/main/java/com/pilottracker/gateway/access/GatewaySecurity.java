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
 * key. Administration: the office. Health, metrics and the OpenAPI document: anyone who
 * can reach the port.
 */
@Configuration(proxyBeanMethods = false)
@Import(AccessConfiguration.class)
class GatewaySecurity {

	@Bean
	SecurityWebFilterChain gatewaySecurityChain(ServerHttpSecurity http, AccessSecurity access) {
		String office = Role.OFFICE.name();
		String provider = Role.PROVIDER.name();
		return access.apply(http)
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/actuator/**", "/livez", "/readyz", "/v3/api-docs/**")
						.permitAll()
						.pathMatchers("/api/v1/milestones", "/api/v1/milestones/**")
						.hasAnyRole(office, provider)
						.pathMatchers(HttpMethod.GET, "/api/v1/reference/**")
						.authenticated()
						.pathMatchers("/api/v1/admin/**")
						.hasRole(office)
						.anyExchange()
						.authenticated())
			.build();
	}

}

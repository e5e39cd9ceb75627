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
import org.springframework.security.web.server.header.CrossOriginOpenerPolicyServerHttpHeadersWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.server.header.CrossOriginResourcePolicyServerHttpHeadersWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;

/**
 * Who may call what on the projection: the funnel and the analytics are read with any key
 * (VIEWER, PROVIDER or OFFICE); the rebuild is the office's; the leadership page's files
 * and the probes ({@code /livez}, {@code /readyz}, status only) are open. The management
 * endpoints (metrics, health with details) are on the management port only, for whoever
 * can reach it: the internal network (docs/decisions/0014-management-port.md). Every
 * answer carries the page's security headers.
 */
@Configuration(proxyBeanMethods = false)
@Import(AccessConfiguration.class)
class ProjectionSecurity {

	/**
	 * The leadership page's bundled files and nothing else: its own script and style
	 * sheet (no inline code, no attribute styles), its own API (fetch, the live stream),
	 * no plugin, no frame, no form sent anywhere (the key form is read by the script), no
	 * {@code <base>}, and no DOM sink that takes a string as code or markup.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
			+ "require-trusted-types-for 'script'";

	@Bean
	SecurityWebFilterChain projectionSecurityChain(ServerHttpSecurity http, AccessSecurity access) {
		return access.apply(http)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.mode(Mode.DENY))
				.crossOriginOpenerPolicy((opener) -> opener.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
				.crossOriginResourcePolicy((resources) -> resources.policy(CrossOriginResourcePolicy.SAME_ORIGIN))
				.permissionsPolicy((permissions) -> permissions
					.policy("camera=(), microphone=(), geolocation=(), payment=(), usb=()")))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/livez", "/readyz")
				.permitAll()
				// the leadership page itself holds no figures: it asks for a key, then
				// the API
				.pathMatchers(HttpMethod.GET, "/", "/leadership", "/leadership/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/funnel", "/api/v1/funnel/**")
				.authenticated()
				// the analytics name enterprises and every provider: leadership and the
				// office
				.pathMatchers(HttpMethod.GET, "/api/v1/analytics", "/api/v1/analytics/**", "/api/v1/reports/**")
				.hasAnyRole(Role.VIEWER.name(), Role.OFFICE.name())
				.pathMatchers("/api/v1/admin/**")
				.hasRole(Role.OFFICE.name())
				.anyExchange()
				.authenticated())
			.build();
	}

}

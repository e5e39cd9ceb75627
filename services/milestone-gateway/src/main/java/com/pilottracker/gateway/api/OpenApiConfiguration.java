package com.pilottracker.gateway.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description of the OpenAPI document springdoc builds from the
 * controllers; the document itself is kept in {@code docs/openapi.json} and checked
 * against the running gateway by {@code OpenApiDocumentIntegrationTests}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI pilotTrackerApi() {
		return new OpenAPI()
			.info(new Info().title("Pilot Tracker milestone gateway")
				.version("v1")
				.description("Providers and the programme office post milestones as CloudEvents 1.0 "
						+ "(structured, binary or batch mode) and look up their receipts; the office issues API keys, "
						+ "extends the reference data and imports applicants. Every call needs an API key "
						+ "(Authorization: Bearer). See docs/api.md."))
			.components(new Components().addSecuritySchemes("apiKey",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key issued by the programme office (POST /api/v1/admin/api-keys). "
								+ "Roles: OFFICE (everything), PROVIDER (its own contracts and their enterprises), "
								+ "VIEWER (reads).")))
			.addSecurityItem(new SecurityRequirement().addList("apiKey"));
	}

}

package com.pilottracker.testsupport;

/**
 * Requests that register entries of the office's registries, as tests make them
 * ({@code PUT /api/v1/admin/registries/{registry}/{id}}).
 */
public final class TestRegistries {

	private TestRegistries() {
	}

	/** The path that registers or revises service organisation {@code id}. */
	public static String serviceOrganisationPath(String id) {
		return "/api/v1/admin/registries/service-organisations/" + id;
	}

	/**
	 * The body registering {@code id} as a service organisation in the digitalisation
	 * domain, with {@code vetting} ({@code VETTED}, {@code SUSPENDED}, …).
	 */
	public static String serviceOrganisation(String id, String vetting) {
		return "{\"reason\": \"registered by a test\", \"entry\": " + serviceOrganisationEntry(id, vetting) + "}";
	}

	/** The entry of {@link #serviceOrganisation}. */
	public static String serviceOrganisationEntry(String id, String vetting) {
		return """
				{"id": "%s", "name": {"zh": "测试服务机构 %s", "en": "Test provider %s"},
				 "domains": ["DIGITALISATION", "MANAGEMENT_CONSULTING"], "vetting": "%s"}""".formatted(id, id, id,
				vetting);
	}

}

package com.pilottracker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the gateway serves is the one kept in {@code docs/openapi.json}: a
 * change to the API shows up here until the document is written again with
 * {@code -Dpilot.openapi.write=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class OpenApiDocumentIntegrationTests {

	static final Path DOCUMENT = Path.of("../../docs/openapi.json");

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Autowired
	WebTestClient http;

	@Test
	void servesTheDocumentKeptInDocs() throws IOException {
		String served = this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode document = JSON.readTree(served);
		((tools.jackson.databind.node.ObjectNode) document).remove("servers");
		String pretty = JSON.writeValueAsString(document) + "\n";
		if (Boolean.getBoolean("pilot.openapi.write")) {
			Files.writeString(DOCUMENT, pretty, StandardCharsets.UTF_8);
		}

		assertThat(document.at("/paths/~1api~1v1~1milestones/post").isMissingNode()).isFalse();
		assertThat(document.at("/paths/~1api~1v1~1milestones~1{id}/get").isMissingNode()).isFalse();
		assertThat(pretty).as("docs/openapi.json is out of date; write it again with -Dpilot.openapi.write=true")
			.isEqualTo(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
	}

}

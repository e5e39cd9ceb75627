package com.pilottracker.gateway.access;

import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pilot.security.rate-limit.requests-per-second=0.5", "pilot.security.rate-limit.burst=3" })
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class RateLimitIntegrationTests {

	@Autowired
	WebTestClient anonymous;

	@Test
	void aKeyOverItsRateIsAnswered429WithRetryAfterWhileOtherKeysGoOn() {
		OfficeClient office = new OfficeClient(this.anonymous);
		WebTestClient busy = office.as(office.key(OfficeClient.uniqueProvider("busy"), "VIEWER"));
		for (int i = 0; i < 3; i++) {
			busy.get().uri("/api/v1/reference/districts").exchange().expectStatus().isOk();
		}

		busy.get()
			.uri("/api/v1/reference/districts")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/rate-limited")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("0.5 requests per second"));

		WebTestClient calm = office.as(office.key(OfficeClient.uniqueProvider("calm"), "VIEWER"));
		calm.get().uri("/api/v1/reference/districts").exchange().expectStatus().isOk();
	}

}

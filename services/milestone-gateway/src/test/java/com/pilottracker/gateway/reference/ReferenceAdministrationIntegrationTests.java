package com.pilottracker.gateway.reference;

import java.util.Map;

import com.pilottracker.contracts.Uscc;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.pilottracker.gateway.OfficeClient.CLOUDEVENTS_JSON;
import static com.pilottracker.gateway.OfficeClient.milestone;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class ReferenceAdministrationIntegrationTests {

	@Autowired
	WebTestClient anonymous;

	OfficeClient office;

	WebTestClient http;

	@BeforeEach
	void office() {
		this.office = new OfficeClient(this.anonymous);
		this.http = this.office.office();
	}

	@Test
	void aCodeOnTheExceptionListIsAcceptedUntilItIsRemovedAndBothAreAudited() {
		String valid = OfficeClient.newUscc();
		String failing = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
		post(failing, "e1-" + failing).isEqualTo(422);

		this.http.put()
			.uri("/api/v1/admin/uscc-exceptions/{uscc}", failing)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "issued by 厦门市市场监督管理局 in 2016, confirmed by letter"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.addedBy")
			.isEqualTo("bootstrap-office");
		post(failing, "e2-" + failing).isEqualTo(202);

		this.http.delete().uri("/api/v1/admin/uscc-exceptions/{uscc}", failing).exchange().expectStatus().isNoContent();
		post(failing, "e3-" + failing).isEqualTo(422);
		this.http.delete().uri("/api/v1/admin/uscc-exceptions/{uscc}", failing).exchange().expectStatus().isNotFound();

		this.http.get()
			.uri("/api/v1/admin/audit?limit=2")
			.exchange()
			.expectBody()
			.jsonPath("$[0].action")
			.isEqualTo("uscc-exception.removed")
			.jsonPath("$[0].target")
			.isEqualTo(failing)
			.jsonPath("$[1].action")
			.isEqualTo("uscc-exception.added");
	}

	@Test
	void anExceptionIsOnlyForACodeThatFailsTheCheckAndNeedsAReason() {
		this.http.put()
			.uri("/api/v1/admin/uscc-exceptions/{uscc}", OfficeClient.newUscc())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", " "))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].detail")
			.value((String detail) -> assertThat(detail).contains("needs no exception"))
			.jsonPath("$.errors[1].pointer")
			.isEqualTo("/reason");
	}

	@Test
	void aNewDistrictAndIndustryAreAcceptedAtOnceWithoutARelease() {
		String uscc = OfficeClient.newUscc();
		post(uscc, "d1-" + uscc, "鼓浪屿管委会", "海洋经济").isEqualTo(422);

		this.http.post()
			.uri("/api/v1/admin/districts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "鼓浪屿管委会", "divisionCode", "350299"))
			.exchange()
			.expectStatus()
			.isCreated();
		this.http.post()
			.uri("/api/v1/admin/industries")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "海洋经济"))
			.exchange()
			.expectStatus()
			.isCreated();

		post(uscc, "d2-" + uscc, "鼓浪屿管委会", "海洋经济").isEqualTo(202);
		this.http.get()
			.uri("/api/v1/reference/districts")
			.exchange()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("鼓浪屿管委会"));
		this.http.post()
			.uri("/api/v1/admin/districts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "鼓浪屿管委会", "divisionCode", "350299"))
			.exchange()
			.expectStatus()
			.isOk();
		this.http.post()
			.uri("/api/v1/admin/districts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "另一个区", "divisionCode", "350299"))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
	}

	@Test
	void aProviderMayNotChangeReferenceData() {
		WebTestClient provider = this.office.as(this.office.key(OfficeClient.uniqueProvider("p"), "PROVIDER"));
		provider.post()
			.uri("/api/v1/admin/industries")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "黑客产业"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private org.springframework.test.web.reactive.server.StatusAssertions post(String uscc, String id) {
		return post(uscc, id, "思明区", "电子信息");
	}

	private org.springframework.test.web.reactive.server.StatusAssertions post(String uscc, String id, String district,
			String industry) {
		assertThat(uscc).hasSize(Uscc.LENGTH);
		return this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone(id, "/programme-office", "pilot.solicited", uscc,
					Map.of("district", district, "industry", industry)))
			.exchange()
			.expectStatus();
	}

}

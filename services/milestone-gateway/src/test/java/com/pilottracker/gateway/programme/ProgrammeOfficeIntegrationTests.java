package com.pilottracker.gateway.programme;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.pilottracker.contracts.ProgrammeRevision;
import com.pilottracker.contracts.ProgrammeRevisionCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.ThirdProgramme;
import com.pilottracker.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

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
class ProgrammeOfficeIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
	void aProgrammeTheOfficeDefinesTakesMilestonesAtOnceAndIsPublishedAndAudited() {
		String id = ThirdProgramme.uniqueId("diagnosis");
		String uscc = OfficeClient.newUscc();
		postMilestone(id + ".diagnosed", uscc).isEqualTo(422);

		Instant before = Instant.now();
		put(id, null, ThirdProgramme.json(id, 1, "diagnosed"), "千员万企: the letter's diagnosis action").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.revision")
			.isEqualTo(1)
			.jsonPath("$.recordedBy")
			.isEqualTo("bootstrap-office")
			.jsonPath("$.definition.stages[1].milestone")
			.isEqualTo(id + ".retrofit-started");

		postMilestone(id + ".diagnosed", uscc).isEqualTo(202);

		try (TopicReader topic = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.PROGRAMMES)) {
			ConsumerRecord<String, byte[]> record = topic.awaitRecord((each) -> id.equals(each.key()),
					Duration.ofSeconds(30));
			ProgrammeRevision published = ProgrammeRevisionCodec.decode(new WireRecord(record.key(),
					TopicReader.headers(record), record.value(), Instant.ofEpochMilli(record.timestamp())));
			assertThat(published.definition()).isEqualTo(ThirdProgramme.definition(id));
			assertThat(published.recordedBy()).isEqualTo("bootstrap-office");
			assertThat(published.reason()).isEqualTo("千员万企: the letter's diagnosis action");
			assertThat(published.recordedAt()).isBetween(before.minusMillis(1), Instant.now());
		}
		this.http.get()
			.uri("/api/v1/admin/audit?action=programme.defined&limit=5")
			.exchange()
			.expectBody()
			.jsonPath("$[?(@.target == '" + id + "')].detail")
			.isEqualTo("revision 1: 千员万企: the letter's diagnosis action");
	}

	@Test
	void aRevisionMayRenameAStageButNotChangeARuleAndNamesTheRevisionItRevises() {
		String id = ThirdProgramme.uniqueId("revised");
		put(id, null, ThirdProgramme.json(id, 1, "diagnosed"), "defined").expectStatus().isCreated();

		put(id, null, ThirdProgramme.json(id, 2, "diagnosed for free"), "the letter's wording").expectStatus()
			.isEqualTo(428)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/revision-required");
		put(id, "\"2\"", ThirdProgramme.json(id, 2, "diagnosed for free"), "the letter's wording").expectStatus()
			.isEqualTo(412)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("is at revision 1"));
		put(id, "\"1\"", ThirdProgramme.json(id, 2, "diagnosed for free"), "the letter's wording").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"2\"");

		String stricter = ThirdProgramme.json(id, 3, "diagnosed for free").replace("\"P30D\"", "\"P7D\"");
		put(id, "\"2\"", stricter, "hold for a week only").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/definition/holdLimit")
			.jsonPath("$.errors[0].detail")
			.value((String detail) -> assertThat(detail).contains("decides when a held milestone is rejected"));
		String moved = ThirdProgramme.json(id, 3, "diagnosed for free")
			.replace("\"needsPredecessor\": true", "\"needsPredecessor\": false");
		put(id, "\"2\"", moved, "skip the diagnosis").expectStatus().isEqualTo(422);

		this.http.get()
			.uri("/api/v1/admin/programmes/{id}/revisions", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[1].definition.stages[0].name.en")
			.isEqualTo("diagnosed for free")
			.jsonPath("$[1].reason")
			.isEqualTo("the letter's wording");
		this.http.get().uri("/api/v1/admin/programmes/{id}", id).exchange().expectHeader().valueEquals("ETag", "\"2\"");
	}

	@Test
	void theShippedPilotMayNotBeGivenOtherRules() {
		String pilot = this.http.get()
			.uri("/api/v1/admin/programmes/pilot")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String definition = JSON.readTree(pilot).get("definition").toString();
		String revised = definition.replace("\"revision\":1", "\"revision\":2")
			.replace("\"reportedBy\":\"CONTRACTED_PROVIDER\"", "\"reportedBy\":\"OFFICE\"");
		put("pilot", "\"1\"", revised, "only the office withdraws").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/definition/stages/2/reportedBy");
	}

	@Test
	void aDefinitionThatIsNotOneIsRefusedWithWhatIsWrong() {
		String id = ThirdProgramme.uniqueId("broken");
		put(id, null, ThirdProgramme.json(id, 1, "diag\\u0000nosed"), "defined").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/definition")
			.jsonPath("$.errors[0].detail")
			.value((String detail) -> assertThat(detail).contains("printable"));
		put("other-" + id, null, ThirdProgramme.json(id, 1, "diagnosed"), "defined").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/definition/id");
		put(id, null, ThirdProgramme.json(id, 2, "diagnosed"), "defined").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/definition/revision");
		put(id, null, ThirdProgramme.json(id, 1, "diagnosed"), " ").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/reason");
		put(id, null, ThirdProgramme.json(id, 1, "diagnosed").replace("\"holdLimit\"", "\"holdLimt\""), "defined")
			.expectStatus()
			.isEqualTo(422);
		this.http.get().uri("/api/v1/admin/programmes/{id}", id).exchange().expectStatus().isNotFound();
	}

	@Test
	void aProviderMayNeitherDefineNorReadTheOfficesRevisions() {
		String id = ThirdProgramme.uniqueId("provider");
		WebTestClient provider = this.office.as(this.office.key(OfficeClient.uniqueProvider("p"), "PROVIDER"));
		provider.put()
			.uri("/api/v1/admin/programmes/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body(ThirdProgramme.json(id, 1, "diagnosed"), "mine"))
			.exchange()
			.expectStatus()
			.isForbidden();
		provider.get().uri("/api/v1/admin/programmes/pilot/revisions").exchange().expectStatus().isForbidden();
	}

	private WebTestClient.ResponseSpec put(String id, String ifMatch, String definition, String reason) {
		WebTestClient.RequestBodySpec request = this.http.put()
			.uri("/api/v1/admin/programmes/{id}", id)
			.contentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			request = request.header("If-Match", ifMatch);
		}
		return request.bodyValue(body(definition, reason)).exchange();
	}

	private static byte[] body(String definition, String reason) {
		return ("{\"reason\":" + JSON.writeValueAsString(reason) + ",\"definition\":" + definition + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private org.springframework.test.web.reactive.server.StatusAssertions postMilestone(String type, String uscc) {
		return this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone("m-" + uscc, "/programme-office", type, uscc,
					Map.of("district", "思明区", "industry", "电子信息")))
			.exchange()
			.expectStatus();
	}

}

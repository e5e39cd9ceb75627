package com.pilottracker.gateway.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.RegistryRevision;
import com.pilottracker.contracts.RegistryRevisionCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TestRegistries;
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
import static com.pilottracker.gateway.OfficeClient.RECENTLY;
import static com.pilottracker.gateway.OfficeClient.milestone;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class RegistryIntegrationTests {

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
	void aServiceOrganisationIsRegisteredAndRevisedAuditedVersionedAndPublished() {
		String id = OfficeClient.uniqueProvider("ceprei");
		put("service-organisations", id, null, """
				{"id": "%s", "name": {"zh": "工业和信息化部电子第五研究所", "en": "CEPREI"},
				 "domains": ["DIGITALISATION", "INNOVATION_AND_QUALITY"], "vetting": "APPLIED"}""".formatted(id),
				"applied in the 2024 call")
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(false)
			.jsonPath("$.entry.name.zh")
			.isEqualTo("工业和信息化部电子第五研究所");
		String vetted = """
				{"id": "%s", "name": {"zh": "工业和信息化部电子第五研究所", "en": "CEPREI"},
				 "domains": ["DIGITALISATION", "INNOVATION_AND_QUALITY"], "vetting": "VETTED"}""".formatted(id);
		put("service-organisations", id, null, vetted, "vetted").expectStatus().isEqualTo(428);
		put("service-organisations", id, "\"2\"", vetted, "vetted").expectStatus().isEqualTo(412);
		put("service-organisations", id, "\"1\"", vetted, "vetted by the 2024 panel").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"2\"")
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(true);

		this.http.get()
			.uri("/api/v1/registries/service-organisations/{id}/revisions", id)
			.exchange()
			.expectBody()
			.jsonPath("$[*].reason")
			.isEqualTo(java.util.List.of("applied in the 2024 call", "vetted by the 2024 panel"))
			.jsonPath("$[1].entry.vetting")
			.isEqualTo("VETTED");
		this.http.get()
			.uri("/api/v1/registries/service-organisations")
			.exchange()
			.expectBody()
			.jsonPath("$[?(@.id == '" + id + "')].revision")
			.isEqualTo(2);
		this.http.get()
			.uri("/api/v1/admin/audit?action=registry.service-organisations.revised&limit=5")
			.exchange()
			.expectBody()
			.jsonPath("$[?(@.target == 'service-organisations/" + id + "')].detail")
			.isEqualTo("revision 2: vetted by the 2024 panel");

		try (TopicReader topic = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.REGISTRIES)) {
			ConsumerRecord<String, byte[]> record = topic.awaitRecord(
					(each) -> ("service-organisations/" + id).equals(each.key())
							&& "2".equals(TopicReader.headers(each).get(RegistryRevisionCodec.REVISION)),
					Duration.ofSeconds(30));
			RegistryRevision published = RegistryRevisionCodec.decode(new WireRecord(record.key(),
					TopicReader.headers(record), record.value(), Instant.ofEpochMilli(record.timestamp())));
			assertThat(published.entry()).isEqualTo(new RegistryEntry.ServiceOrganisation(id,
					new com.pilottracker.contracts.Programme.Names("工业和信息化部电子第五研究所", "CEPREI"),
					java.util.List.of(com.pilottracker.contracts.ServiceDomain.DIGITALISATION,
							com.pilottracker.contracts.ServiceDomain.INNOVATION_AND_QUALITY),
					RegistryEntry.Vetting.VETTED));
			assertThat(published.reason()).isEqualTo("vetted by the 2024 panel");
			assertThat(published.recordedBy()).isEqualTo("bootstrap-office");
		}
	}

	@Test
	void aMilestoneNamingAnUnregisteredOrSuspendedProviderIsRefusedNamingIt() {
		String uscc = OfficeClient.newUscc();
		String phantom = OfficeClient.uniqueProvider("typo");
		postAsOffice(contract(uscc, phantom)).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[?(@.pointer == '/data/provider')].detail")
			.value((details) -> assertThat(details.toString()).contains("'" + phantom + "'")
				.contains("is not a registered service organisation"));

		String provider = OfficeClient.uniqueProvider("suspended");
		WebTestClient providerClient = this.office.as(this.office.key(provider, "PROVIDER"));
		providerClient.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone("c-" + uscc, "/providers/" + provider, "pilot.contracted", uscc,
					Map.of("provider", provider)))
			.exchange()
			.expectStatus()
			.isAccepted();

		put("service-organisations", provider, "\"1\"", TestRegistries.serviceOrganisationEntry(provider, "SUSPENDED"),
				"suspended after a complaint")
			.expectStatus()
			.isOk();
		providerClient.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone("c2-" + uscc, "/providers/" + provider, "pilot.contracted", OfficeClient.newUscc(),
					Map.of("provider", provider)))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[?(@.pointer == '/data/provider')].detail")
			.value((details) -> assertThat(details.toString()).contains("'" + provider + "' is SUSPENDED"));
		providerClient.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(milestone("p-" + uscc, "/providers/" + provider, "pilot.pre-acceptance", uscc, Map.of()))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("'" + provider + "'").contains("SUSPENDED"));
		postAsOffice(contract(OfficeClient.newUscc(), provider)).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[?(@.pointer == '/data/provider')].detail")
			.value((details) -> assertThat(details.toString()).contains("'" + provider + "' is SUSPENDED"));
	}

	@Test
	void aProviderKeyBelongsToARegisteredServiceOrganisation() {
		String unregistered = OfficeClient.uniqueProvider("unregistered");
		this.http.post()
			.uri("/api/v1/admin/api-keys")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("principal", unregistered, "role", "PROVIDER"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/principal")
			.jsonPath("$.errors[0].detail")
			.value((detail) -> assertThat(detail.toString()).contains("not a registered service organisation"));
	}

	@Test
	void aCommissionerIsNamedOnlyWithinItsServiceAndAChainLeaderKeepsItsPublishedSolutions() {
		String programme = ThirdProgramme.uniqueId("diagnosed-by");
		String definition = ThirdProgramme.json(programme, 1, "diagnosed")
			.replace("\"kind\": \"INDUSTRY\", \"required\": true }", "\"kind\": \"INDUSTRY\", \"required\": true },\n"
					+ "{ \"name\": \"commissioner\", \"label\": { \"zh\": \"数字专员\", \"en\": \"commissioner\" }, "
					+ "\"kind\": \"COMMISSIONER\", \"required\": true }");
		this.http.put()
			.uri("/api/v1/admin/programmes/{id}", programme)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(("{\"reason\":\"diagnosis with commissioners\",\"definition\":" + definition + "}")
				.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isCreated();
		String day = RECENTLY.substring(0, 10);
		String serving = OfficeClient.uniqueProvider("dc");
		String retired = OfficeClient.uniqueProvider("dc");
		put("commissioners", serving, null, """
				{"id": "%s", "team": "思明区数字专员一队", "activeFrom": "2023-03-01"}""".formatted(serving), "joined")
			.expectStatus()
			.isCreated();
		put("commissioners", retired, null,
				"""
						{"id": "%s", "team": "思明区数字专员一队", "activeFrom": "2023-03-01", "activeUntil": "%s"}"""
					.formatted(retired, java.time.LocalDate.parse(day).minusDays(1)),
				"served until yesterday")
			.expectStatus()
			.isCreated();

		postAsOffice(diagnosis(programme, serving)).expectStatus().isAccepted();
		postAsOffice(diagnosis(programme, retired)).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[?(@.pointer == '/data/attributes/commissioner')].detail")
			.value((details) -> assertThat(details.toString()).contains("'" + retired + "'").contains("not on " + day));
		postAsOffice(diagnosis(programme, "dc-nobody")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[?(@.pointer == '/data/attributes/commissioner')].detail")
			.value((details) -> assertThat(details.toString()).contains("'dc-nobody' is not a registered"));

		String leader = OfficeClient.newUscc();
		String published = """
				{"id": "%s", "name": {"zh": "链主企业", "en": "chain leader"}, "active": true,
				 "solutions": [{"id": "mes-lite", "name": {"zh": "轻量级MES", "en": "light MES"}, "publishedOn": "2024-05-10"}]}"""
			.formatted(leader);
		put("chain-leaders", leader, null, published, "listed").expectStatus().isCreated();
		put("chain-leaders", leader, "\"1\"", published.replace("2024-05-10", "2024-06-01"), "moved").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].detail")
			.value((detail) -> assertThat(detail.toString()).contains("mes-lite").contains("2024-05-10"));
		put("chain-leaders", leader, "\"1\"", published.replace("轻量级MES", "轻量级制造执行系统"), "renamed").expectStatus()
			.isOk();
	}

	@Test
	void anEntryThatIsNotOneIsRefusedWithWhatIsWrongAndAProviderReadsNoRegistry() {
		put("service-organisations", "bad-domains", null,
				"{\"id\": \"bad-domains\", \"name\": {\"zh\": \"x\", \"en\": \"x\"}, \"domains\": [\"BAKING\"], "
						+ "\"vetting\": \"VETTED\"}",
				"test")
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].detail")
			.value((detail) -> assertThat(detail.toString()).contains("BAKING").contains("DIGITALISATION"));
		put("commissioners", "dc-nul", null,
				"{\"id\": \"dc-nul\", \"team\": \"a\\u0000b\", \"activeFrom\": \"2024-01-01\"}", "test")
			.expectStatus()
			.isEqualTo(422);
		put("registries-of-nothing", "x", null, "{}", "test").expectStatus().isNotFound();
		WebTestClient provider = this.office.as(this.office.key(OfficeClient.uniqueProvider("reader"), "PROVIDER"));
		provider.get().uri("/api/v1/registries/service-organisations").exchange().expectStatus().isForbidden();
	}

	private WebTestClient.ResponseSpec put(String registry, String id, String ifMatch, String entry, String reason) {
		WebTestClient.RequestBodySpec request = this.http.put()
			.uri("/api/v1/admin/registries/{registry}/{id}", registry, id)
			.contentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			request = request.header("If-Match", ifMatch);
		}
		return request
			.bodyValue(("{\"reason\":" + JSON.writeValueAsString(reason) + ",\"entry\":" + entry + "}")
				.getBytes(StandardCharsets.UTF_8))
			.exchange();
	}

	private WebTestClient.ResponseSpec postAsOffice(Map<String, Object> milestone) {
		return this.http.post().uri("/api/v1/milestones").contentType(CLOUDEVENTS_JSON).bodyValue(milestone).exchange();
	}

	private static Map<String, Object> contract(String uscc, String provider) {
		return milestone("c-" + uscc + "-" + provider, "/programme-office", "pilot.contracted", uscc,
				Map.of("provider", provider));
	}

	private static Map<String, Object> diagnosis(String programme, String commissioner) {
		String uscc = OfficeClient.newUscc();
		return milestone("d-" + uscc, "/programme-office", programme + ".diagnosed", uscc,
				Map.of("district", "思明区", "industry", "电子信息", "attributes", Map.of("commissioner", commissioner)));
	}

}

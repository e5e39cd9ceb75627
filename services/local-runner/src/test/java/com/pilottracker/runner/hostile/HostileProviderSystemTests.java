package com.pilottracker.runner.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.runner.PilotSystem;
import com.pilottracker.runner.ServicePorts;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.ThirdProgramme;
import com.pilottracker.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two competing providers and the office on the three services as processes, a real
 * broker and a real database, with the gateway's defaults (the 90-day back-dating bound
 * included). Provider A and the office run an honest programme of twelve enterprises in
 * an industry of their own; provider B tries every way there is to withdraw, pre-accept,
 * take over or learn about A's enterprises — single and batch requests, under A's source,
 * back-dated, dated before the solicitation — and poison of every kind is mixed in on the
 * same partitions: strings with NUL, lone surrogates and 10,000 characters over HTTP and
 * in the CSV import, and records with a valid envelope written straight to the topics,
 * one of them with an id no index can hold. At the end the funnel, A's receipts and A's
 * enterprises are exactly what A's and the office's milestones alone give, every poison
 * has a final answer or a dead letter, and every valid milestone is applied.
 */
@Tag("system")
class HostileProviderSystemTests {

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String OFFICE = "/programme-office";

	static final String BATCH = "application/cloudevents-batch+json";

	static final String SINGLE = "application/cloudevents+json";

	static PilotSystem system;

	@BeforeAll
	static void startTheSystem() {
		Map<ServiceProcess.Service, ServicePorts> ports = new EnumMap<>(ServiceProcess.Service.class);
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ports.put(service, ServicePorts.free());
		}
		Map<String, String> environment = new HashMap<>(TestInfrastructure.get().asEnvironment());
		environment.put("PILOT_BOOTSTRAP_OFFICE_KEY", TestApiKeys.OFFICE);
		system = PilotSystem.start(Path.of(System.getProperty("pilot.services.directory", "target/services")),
				Path.of("target/hostile-test-logs"), ports, environment, Duration.ofMinutes(3));
	}

	@AfterAll
	static void stopTheSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void aRivalProviderNeitherChangesNorLearnsAnotherProvidersEnterprisesAndNoPoisonStopsThePipeline()
			throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String industry = "对抗演练-" + run;
		String a = "prov-a-" + run;
		String b = "prov-b-" + run;
		String sourceA = "/providers/" + a;
		String sourceB = "/providers/" + b;
		String office = TestApiKeys.OFFICE;
		expect(post(office, "/api/v1/admin/industries", "application/json", Map.of("name", industry)), 201);
		String keyA = issue(a);
		String keyB = issue(b);
		List<String> e = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			e.add(newUscc());
		}
		OffsetDateTime base = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(60).truncatedTo(ChronoUnit.SECONDS);
		Map<String, String> honest = new LinkedHashMap<>();

		// the office solicits all twelve, in one batch
		List<Object> solicitations = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			solicitations.add(event("s-" + run + "-" + i, OFFICE, "pilot.solicited", e.get(i), base,
					Map.of("district", "思明区", "industry", industry)));
			honest.put("s-" + run + "-" + i, OFFICE);
		}
		assertThat(statuses(post(office, "/api/v1/milestones", BATCH, solicitations))).containsOnly(202);
		// A contracts E0..E8, and waits for each to be applied
		for (int i = 0; i <= 8; i++) {
			String id = "c-" + run + "-" + i;
			expect(post(keyA, "/api/v1/milestones", SINGLE,
					event(id, sourceA, "pilot.contracted", e.get(i), base.plusDays(5), Map.of("provider", a))), 202);
			honest.put(id, sourceA);
		}
		for (int i = 0; i <= 8; i++) {
			awaitStatus(keyA, "c-" + run + "-" + i, sourceA, "APPLIED");
		}

		// B: a contract and a withdrawal of A's enterprise in one batch
		List<Integer> batch = statuses(post(keyB, "/api/v1/milestones", BATCH,
				List.of(event("bc-" + run + "-0", sourceB, "pilot.contracted", e.get(0), base.plusDays(6),
						Map.of("provider", b)),
						event("bw-" + run + "-0", sourceB, "pilot.withdrawn", e.get(0), base.plusDays(7), Map.of()))));
		assertThat(batch).containsExactly(202, 403);
		// B: a contract back-dated between the solicitation and A's contract, and one
		// dated before the solicitation
		expect(post(keyB, "/api/v1/milestones", SINGLE, event("bc-" + run + "-1", sourceB, "pilot.contracted", e.get(1),
				base.plusDays(2), Map.of("provider", b))), 202);
		expect(post(keyB, "/api/v1/milestones", SINGLE, event("bc-" + run + "-2", sourceB, "pilot.contracted", e.get(2),
				base.minusDays(1), Map.of("provider", b))), 202);
		// B: a pre-acceptance and a withdrawal of A's enterprises, and one of an
		// enterprise
		// nobody knows: the same answer
		JsonNode outOfScope = expect(post(keyB, "/api/v1/milestones", SINGLE,
				event("bp-" + run + "-3", sourceB, "pilot.pre-acceptance", e.get(3), base.plusDays(8), Map.of())), 403);
		expect(post(keyB, "/api/v1/milestones", SINGLE,
				event("bw-" + run + "-4", sourceB, "pilot.withdrawn", e.get(4), base.plusDays(8), Map.of())), 403);
		String unknown = newUscc();
		JsonNode nobodys = expect(post(keyB, "/api/v1/milestones", SINGLE,
				event("bp-" + run + "-x", sourceB, "pilot.pre-acceptance", unknown, base.plusDays(8), Map.of())), 403);
		assertThat(outOfScope.path("detail").asString().replace(e.get(3), "X").replace("bp-" + run + "-3", "ID"))
			.isEqualTo(nobodys.path("detail").asString().replace(unknown, "X").replace("bp-" + run + "-x", "ID"));
		// B: under A's source, a contract naming A, a solicitation, a milestone dated
		// further back than a provider may
		expect(post(keyB, "/api/v1/milestones", SINGLE,
				event("bw-" + run + "-5", sourceA, "pilot.withdrawn", e.get(5), base.plusDays(8), Map.of())), 403);
		expect(post(keyB, "/api/v1/milestones", SINGLE, event("bc-" + run + "-5", sourceB, "pilot.contracted", e.get(5),
				base.plusDays(8), Map.of("provider", a))), 403);
		expect(post(keyB, "/api/v1/milestones", SINGLE, event("bs-" + run + "-6", sourceB, "pilot.solicited", e.get(6),
				base.plusDays(8), Map.of("district", "思明区", "industry", industry))), 403);
		JsonNode tooOld = expect(post(keyB, "/api/v1/milestones", SINGLE, event("bc-" + run + "-7", sourceB,
				"pilot.contracted", e.get(7), base.minusDays(40), Map.of("provider", b))), 422);
		assertThat(tooOld.path("errors").get(0).path("pointer").asString()).isEqualTo("/time");
		// B: reading A's receipts
		assertThat(get(keyB, receiptPath("c-" + run + "-0", sourceA)).statusCode()).isEqualTo(403);

		// poison over HTTP: NUL, a lone surrogate, 10,000 characters, a CSV row with NUL
		expect(post(office, "/api/v1/milestones", SINGLE, event("p-nul-" + run, OFFICE, "pilot.solicited", e.get(11),
				base, Map.of("district", "思明区", "industry", industry, "enterpriseName", "毒\u0000药"))), 422);
		expect(post(keyA, "/api/v1/milestones", SINGLE, event("p-sur-" + run + "\ud800", sourceA, "pilot.contracted",
				e.get(9), base.plusDays(5), Map.of("provider", a))), 422);
		expect(post(office, "/api/v1/milestones", SINGLE, event("p-long-" + run, OFFICE, "pilot.solicited", e.get(10),
				base, Map.of("district", "思明区", "industry", industry, "enterpriseName", "长".repeat(10_000)))), 422);
		HttpResponse<String> imported = post(office, "/api/v1/admin/imports/applicants", "text/csv",
				"uscc,name,district,industry,applied on\n" + newUscc() + ",毒\u0000药,思明区," + industry + ","
						+ base.toLocalDate() + "\n");
		JsonNode row = JSON.readTree(imported.body()).path("results").get(0);
		assertThat(row.path("outcome").asString()).isEqualTo("REFUSED");
		assertThat(row.path("status").asInt()).isEqualTo(422);
		assertThat(get(office, "/api/v1/milestones/p%00id?source=" + enc(OFFICE)).statusCode()).isEqualTo(400);

		// poison written straight to the topics, on the partitions of A's enterprises
		String longId = randomText(10_000);
		try (KafkaProducer<String, byte[]> producer = producer()) {
			send(producer, Topics.MILESTONES,
					MilestoneCodec.encode(new com.pilottracker.contracts.Milestone("t-nul-" + run, OFFICE,
							PilotMilestones.SOLICITED, new Uscc(e.get(0)), base.toInstant(), Instant.now(),
							new MilestoneData("思明区", industry, null, "毒\u0000药"))));
			send(producer, Topics.MILESTONES,
					MilestoneCodec.encode(new com.pilottracker.contracts.Milestone(longId, sourceA,
							PilotMilestones.CONTRACTED, new Uscc(e.get(1)), base.plusDays(5).toInstant(), Instant.now(),
							new MilestoneData(null, null, a, null))));
			WireRecord farFuture = MilestoneCodec
				.encode(new com.pilottracker.contracts.Milestone("t-time-" + run, OFFICE, PilotMilestones.WITHDRAWN,
						new Uscc(e.get(2)), base.toInstant(), Instant.now(), MilestoneData.none()));
			Map<String, String> headers = new LinkedHashMap<>(farFuture.headers());
			headers.put("ce_time", "+99999-01-01T00:00:00Z");
			send(producer, Topics.MILESTONES, new WireRecord(farFuture.key(), headers, farFuture.value()));
			send(producer, Topics.STAGE_CHANGES,
					StageChangedCodec.encode(new StageChanged("t-change-" + run, "pilot", new Uscc(e.get(3)), null,
							PilotStages.SOLICITED, 99, Map.of(PilotStages.SOLICITED, base.toInstant()),
							base.toInstant(), Instant.now(), OFFICE, "t-change-" + run, "思明\u0000区", industry, null,
							Map.of())));
			send(producer, Topics.MILESTONE_DECISIONS,
					MilestoneDecidedCodec.encode(new MilestoneDecided(
							MilestoneDecidedCodec.eventIdFor(OFFICE, "t-decision-" + run, 1), new Uscc(e.get(4)),
							OFFICE, "t-decision-" + run, PilotMilestones.SOLICITED, base.toInstant(),
							MilestoneStatus.APPLIED, null, "applied\u0000", null, 1, Instant.now())));
		}

		// the honest rest, on the same partitions, after the poison
		for (int i = 0; i <= 4; i++) {
			String id = "pa-" + run + "-" + i;
			expect(post(keyA, "/api/v1/milestones", SINGLE,
					event(id, sourceA, "pilot.pre-acceptance", e.get(i), base.plusDays(20), Map.of())), 202);
			honest.put(id, sourceA);
		}
		expect(post(keyA, "/api/v1/milestones", SINGLE,
				event("w-" + run + "-7", sourceA, "pilot.withdrawn", e.get(7), base.plusDays(25), Map.of())), 202);
		honest.put("w-" + run + "-7", sourceA);
		expect(post(office, "/api/v1/milestones", SINGLE,
				event("w-" + run + "-8", OFFICE, "pilot.withdrawn", e.get(8), base.plusDays(30), Map.of())), 202);
		honest.put("w-" + run + "-8", OFFICE);

		// every valid milestone applied; every one of B's the gateway took in rejected
		for (Map.Entry<String, String> milestone : honest.entrySet()) {
			awaitStatus(office, milestone.getKey(), milestone.getValue(), "APPLIED");
		}
		List<String> rejections = new ArrayList<>();
		for (int i = 0; i <= 2; i++) {
			JsonNode receipt = awaitStatus(keyB, "bc-" + run + "-" + i, sourceB, "REJECTED");
			assertThat(receipt.path("reason").asString()).isEqualTo("CONTRACTED_WITH_ANOTHER_PROVIDER");
			rejections.add(receipt.path("detail").asString());
		}
		assertThat(rejections).allSatisfy((detail) -> {
			assertThat(detail).isEqualTo(rejections.get(0));
			assertThat(detail).doesNotContain(a, "SOLICITED", "CONTRACTED", "PRE_ACCEPTANCE", "WITHDRAWN",
					base.toLocalDate().toString());
		});
		// the funnel is the honest programme's: 12 / 9 / 5, two withdrawn
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(funnel(industry)).containsExactly("SOLICITED 12 3", "CONTRACTED 9 2",
					"PRE_ACCEPTANCE 5 5", "WITHDRAWN 2 2"));
		// every poison written past the gateway is in a dead-letter topic
		String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
		try (TopicReader milestones = new TopicReader(bootstrap, Topics.MILESTONES + Topics.DEAD_LETTER_SUFFIX);
				TopicReader changes = new TopicReader(bootstrap, Topics.STAGE_CHANGES + Topics.DEAD_LETTER_SUFFIX);
				TopicReader decisions = new TopicReader(bootstrap,
						Topics.MILESTONE_DECISIONS + Topics.DEAD_LETTER_SUFFIX)) {
			for (String id : List.of("t-nul-" + run, longId, "t-time-" + run)) {
				milestones.awaitRecord((record) -> id.equals(TopicReader.headers(record).get("ce_id")),
						Duration.ofSeconds(60));
			}
			changes.awaitRecord((record) -> ("t-change-" + run).equals(TopicReader.headers(record).get("ce_id")),
					Duration.ofSeconds(60));
			decisions.awaitRecord((record) -> e.get(4).equals(record.key()), Duration.ofSeconds(60));
		}
		// and the projection still moves: A's last step shows at once
		String last = "pa-" + run + "-late";
		expect(post(keyA, "/api/v1/milestones", SINGLE,
				event(last, sourceA, "pilot.pre-acceptance", e.get(5), base.plusDays(40), Map.of())), 202);
		awaitStatus(keyA, last, sourceA, "APPLIED");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(funnel(industry)).containsExactly("SOLICITED 12 3", "CONTRACTED 9 1",
					"PRE_ACCEPTANCE 6 6", "WITHDRAWN 2 2"));
	}

	/**
	 * A programme the office defines through the gateway reaches every service: the
	 * gateway takes its milestones, the lifecycle decides them, the projection counts and
	 * lists it; a provider may not report a step the definition keeps for the office; a
	 * revision that renames a stage reaches the projection too.
	 */
	@Test
	void aProgrammeTheOfficeDefinesIsTakenDecidedAndCountedByEveryService() throws Exception {
		String id = ThirdProgramme.uniqueId("diagnosis");
		String district = "思明区";
		String industry = "diagnosis-" + id;
		expect(post(TestApiKeys.OFFICE, "/api/v1/admin/industries", "application/json", Map.of("name", industry)), 201);
		expect(put(id, null, ThirdProgramme.json(id, 1, "diagnosed")), 201);
		String provider = issue(OfficeClientNames.provider(id));

		OffsetDateTime time = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(1).withNano(0);
		List<String> usccs = List.of(newUscc(), newUscc(), newUscc());
		List<Map<String, Object>> events = new ArrayList<>();
		for (String uscc : usccs) {
			events.add(event("d-" + uscc, OFFICE, id + ".diagnosed", uscc, time,
					Map.of("district", district, "industry", industry)));
		}
		events.add(event("r-" + usccs.get(0), OFFICE, id + ".retrofit-started", usccs.get(0), time.plusHours(1),
				Map.of()));
		assertThat(statuses(post(TestApiKeys.OFFICE, "/api/v1/milestones", BATCH, events))).containsOnly(202);
		expect(post(provider, "/api/v1/milestones", SINGLE,
				event("p-" + usccs.get(1), "/providers/" + OfficeClientNames.provider(id), id + ".retrofit-started",
						usccs.get(1), time.plusHours(2), Map.of())),
				403);
		awaitStatus(TestApiKeys.OFFICE, "r-" + usccs.get(0), OFFICE, "APPLIED");

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			HttpResponse<String> funnel = get(TestApiKeys.OFFICE, ServiceProcess.Service.PROJECTION,
					"/api/v1/funnel?programme=" + id + "&industry=" + enc(industry));
			assertThat(funnel.statusCode()).as(funnel.body()).isEqualTo(200);
			List<String> lines = new ArrayList<>();
			JSON.readTree(funnel.body())
				.path("stages")
				.forEach((stage) -> lines.add(stage.path("stage").asString() + " " + stage.path("reached").asLong()
						+ " " + stage.path("current").asLong()));
			assertThat(lines).containsExactly("DIAGNOSED 3 2", "RETROFITTING 1 1");
		});

		expect(put(id, "\"1\"", ThirdProgramme.json(id, 2, "diagnosed for free")), 200);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> programme = get(TestApiKeys.OFFICE, ServiceProcess.Service.PROJECTION,
					"/api/v1/programmes/" + id);
			assertThat(programme.statusCode()).as(programme.body()).isEqualTo(200);
			assertThat(JSON.readTree(programme.body()).at("/stages/0/name/en").asString())
				.isEqualTo("diagnosed for free");
		});
	}

	private static HttpResponse<String> put(String id, String ifMatch, String definition)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(system.url(ServiceProcess.Service.GATEWAY) + "/api/v1/admin/programmes/" + id))
			.header("Authorization", "Bearer " + TestApiKeys.OFFICE)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.PUT(HttpRequest.BodyPublishers
				.ofString("{\"reason\":\"the letter's diagnosis action\",\"definition\":" + definition + "}"));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A provider's principal of its own. */
	private static final class OfficeClientNames {

		static String provider(String id) {
			return "provider-" + id;
		}

	}

	private static String issue(String principal) throws IOException, InterruptedException {
		new com.pilottracker.runner.demo.OfficeApi(system.url(ServiceProcess.Service.GATEWAY), TestApiKeys.OFFICE)
			.register(principal);
		HttpResponse<String> response = post(TestApiKeys.OFFICE, "/api/v1/admin/api-keys", "application/json",
				Map.of("principal", principal, "role", "PROVIDER", "label", "hostile-provider test"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).path("key").asString();
	}

	private static Map<String, Object> event(String id, String source, String type, String uscc, OffsetDateTime time,
			Map<String, Object> data) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", id);
		event.put("source", source);
		event.put("type", type);
		event.put("subject", uscc);
		event.put("time", time.toString());
		event.put("data", data);
		return event;
	}

	private static HttpResponse<String> post(String key, String path, String contentType, Object body)
			throws IOException, InterruptedException {
		byte[] bytes = (body instanceof String text) ? text.getBytes(StandardCharsets.UTF_8)
				: JSON.writeValueAsBytes(body);
		return HTTP.send(HttpRequest.newBuilder(URI.create(system.url(ServiceProcess.Service.GATEWAY) + path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String key, String path) throws IOException, InterruptedException {
		return get(key, ServiceProcess.Service.GATEWAY, path);
	}

	private static HttpResponse<String> get(String key, ServiceProcess.Service service, String path)
			throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(system.url(service) + path))
			.header("Authorization", "Bearer " + key)
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Expects the status; answers the body as JSON (empty for none). */
	private static JsonNode expect(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
	}

	private static List<Integer> statuses(HttpResponse<String> batch) {
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
		List<Integer> statuses = new ArrayList<>();
		JSON.readTree(batch.body()).path("results").forEach((result) -> statuses.add(result.path("status").asInt()));
		return statuses;
	}

	private static String receiptPath(String id, String source) {
		return "/api/v1/milestones/" + enc(id) + "?source=" + enc(source);
	}

	private static JsonNode awaitStatus(String key, String id, String source, String status) {
		JsonNode[] receipt = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			HttpResponse<String> response = get(key, receiptPath(id, source));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			receipt[0] = JSON.readTree(response.body());
			assertThat(receipt[0].path("status").asString()).as(id + ": " + response.body()).isEqualTo(status);
		});
		return receipt[0];
	}

	/** The funnel of the industry, a line per stage: "STAGE reached current". */
	private static List<String> funnel(String industry) throws IOException, InterruptedException {
		HttpResponse<String> response = get(TestApiKeys.OFFICE, ServiceProcess.Service.PROJECTION,
				"/api/v1/funnel?industry=" + enc(industry));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> lines = new ArrayList<>();
		JSON.readTree(response.body())
			.path("stages")
			.forEach((stage) -> lines.add(stage.path("stage").asString() + " " + stage.path("reached").asLong() + " "
					+ stage.path("current").asLong()));
		return lines;
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(), "acks", "all"),
				new StringSerializer(), new ByteArraySerializer());
	}

	private static void send(KafkaProducer<String, byte[]> producer, String topic, WireRecord wire) throws Exception {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, wire.key(), wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		producer.send(record).get();
	}

	private static String newUscc() {
		StringBuilder first17 = new StringBuilder("91350203");
		for (int i = 0; i < 9; i++) {
			first17.append(Uscc.ALPHABET.charAt(ThreadLocalRandom.current().nextInt(Uscc.ALPHABET.length())));
		}
		return first17 + String.valueOf(Uscc.checkCharacterFor(first17.toString()));
	}

	/** Letters and digits at random: no compression makes it fit an index. */
	private static String randomText(int length) {
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		StringBuilder text = new StringBuilder(length);
		ThreadLocalRandom.current().ints(length, 0, alphabet.length()).forEach((i) -> text.append(alphabet.charAt(i)));
		return text.toString();
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

package com.pilottracker.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TestRegistries;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the gateway's tests do as the programme office: issue keys, make clients that
 * carry them, make enterprises.
 */
public final class OfficeClient {

	public static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json");

	/**
	 * The {@code time} of the tests' milestones: two days ago, within what a provider may
	 * date a milestone back ({@code pilot.gateway.provider-backdate-limit}).
	 */
	public static final String RECENTLY = OffsetDateTime.now(ZoneOffset.ofHours(8))
		.minusDays(2)
		.truncatedTo(ChronoUnit.SECONDS)
		.toString();

	private final WebTestClient anonymous;

	private final WebTestClient office;

	public OfficeClient(WebTestClient anonymous) {
		this.anonymous = anonymous;
		this.office = as(TestApiKeys.OFFICE);
	}

	/** A client with the test office key. */
	public WebTestClient office() {
		return this.office;
	}

	/** A client with the key given. */
	public WebTestClient as(String key) {
		return this.anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
	}

	/**
	 * Registers {@code provider} as a vetted service organisation, unless the registry
	 * holds it already.
	 */
	public void register(String provider) {
		this.office.put()
			.uri(TestRegistries.serviceOrganisationPath(provider))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TestRegistries.serviceOrganisation(provider, "VETTED"))
			.exchange()
			.expectStatus()
			.value((status) -> org.assertj.core.api.Assertions.assertThat(status).isIn(201, 428));
	}

	/**
	 * Issues a key and answers it as the office got it; a provider's key after
	 * registering the provider.
	 */
	public JsonNode issue(String principal, String role) {
		if ("PROVIDER".equals(role)) {
			register(principal);
		}
		return this.office.post()
			.uri("/api/v1/admin/api-keys")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("principal", principal, "role", role, "label", "issued by a test"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** Issues a key and answers the key itself. */
	public String key(String principal, String role) {
		return issue(principal, role).path("key").asString();
	}

	/** A provider id no other test uses. */
	public static String uniqueProvider(String stem) {
		return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Puts a decision on {@link Topics#MILESTONE_DECISIONS}, as the lifecycle would. */
	public static void publish(MilestoneDecided decision) {
		WireRecord wire = MilestoneDecidedCodec.encode(decision);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MILESTONE_DECISIONS, wire.key(),
				wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(), "acks", "all"),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.send(record).get();
		}
		catch (Exception ex) {
			// a test that cannot publish fails here, with the broker's reason
			throw new IllegalStateException(ex);
		}
	}

	/** A valid USCC no other test uses, in 思明区. */
	public static String newUscc() {
		String first17 = "91350203MA"
				+ String.format("%07d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000L));
		return first17 + Uscc.checkCharacterFor(first17);
	}

	/** A structured-mode milestone. */
	public static Map<String, Object> milestone(String id, String source, String type, String uscc,
			Map<String, Object> data) {
		return Map.of("specversion", "1.0", "id", id, "source", source, "type", type, "subject", uscc, "time", RECENTLY,
				"data", data);
	}

	/**
	 * Does what the lifecycle does when it applies a milestone the gateway took in: its
	 * decision goes on {@link Topics#MILESTONE_DECISIONS}. Returns once the receipt says
	 * {@code APPLIED} (for a contract: the provider's scope now holds the enterprise).
	 */
	public void lifecycleApplies(String source, String id, String type, String uscc) {
		MilestoneDecided decision = new MilestoneDecided(MilestoneDecidedCodec.eventIdFor(source, id, 1),
				new Uscc(uscc), source, id, new MilestoneType(type), OffsetDateTime.parse(RECENTLY).toInstant(),
				MilestoneStatus.APPLIED, null, "applied", null, 1, Instant.now());
		publish(decision);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.office.get()
				.uri("/api/v1/milestones/{id}?source={source}", id, source)
				.exchange()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("APPLIED"));
	}

}

package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies sent without a length (chunked): the limits count the bytes read, for a single
 * milestone, a batch, an applicant import and the office's other requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pilot.gateway.max-batch-body-size=256KB")
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class RequestSizeLimitIntegrationTests {

	static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json");

	static final MediaType BATCH_JSON = MediaType.parseMediaType("application/cloudevents-batch+json");

	@Autowired
	WebTestClient anonymous;

	WebTestClient office;

	@BeforeEach
	void office() {
		this.office = new OfficeClient(this.anonymous).office();
	}

	@Test
	void aSingleMilestoneSentInChunksPastItsLimitIsAnswered413() {
		String uscc = OfficeClient.newUscc();
		String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/programme-office\","
				+ "\"type\":\"pilot.solicited\",\"subject\":\"" + uscc + "\",\"time\":\"2024-03-05T09:30:00+08:00\","
				+ "\"data\":{\"district\":\"思明区\",\"industry\":\"电子信息\",\"enterpriseName\":\"" + "x".repeat(100_000)
				+ "\"}}";

		refused(post("/api/v1/milestones", CLOUDEVENTS_JSON, event), 64 * 1024);
	}

	@Test
	void aSingleMilestoneSentInChunksWithinItsLimitIsTaken() {
		String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/programme-office\","
				+ "\"type\":\"pilot.solicited\",\"subject\":\"" + OfficeClient.newUscc()
				+ "\",\"time\":\"2024-03-05T09:30:00+08:00\","
				+ "\"data\":{\"district\":\"思明区\",\"industry\":\"电子信息\",\"enterpriseName\":\"分块公司\"}}";

		post("/api/v1/milestones", CLOUDEVENTS_JSON, event).expectStatus().isAccepted();
	}

	@Test
	void aBatchSentInChunksPastItsLimitIsAnswered413() {
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 1000; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"specversion\":\"1.0\",\"id\":\"")
				.append(UUID.randomUUID())
				.append("\",\"source\":\"/programme-office\",\"type\":\"pilot.solicited\",\"subject\":\"")
				.append(OfficeClient.newUscc())
				.append("\",\"time\":\"2024-03-05T09:30:00+08:00\",\"data\":{\"district\":\"思明区\",")
				.append("\"industry\":\"电子信息\",\"enterpriseName\":\"")
				.append("y".repeat(200))
				.append("\"}}");
		}
		batch.append("]");
		assertThat(batch.length()).isGreaterThan(256 * 1024);

		refused(post("/api/v1/milestones", BATCH_JSON, batch.toString()), 256 * 1024);
	}

	@Test
	void anApplicantImportSentInChunksPastItsLimitIsAnswered413() {
		StringBuilder csv = new StringBuilder("uscc,district,industry,name,appliedOn\n");
		while (csv.length() <= 256 * 1024) {
			csv.append(OfficeClient.newUscc()).append(",思明区,电子信息,").append("z".repeat(100)).append(",2024-03-05\n");
		}

		refused(post("/api/v1/admin/imports/applicants", MediaType.parseMediaType("text/csv"), csv.toString()),
				256 * 1024);
	}

	@Test
	void anOfficeRequestSentInChunksPastTheLimitIsAnswered413() {
		String request = "{\"principal\":\"chunked\",\"role\":\"VIEWER\",\"label\":\"" + "l".repeat(70_000) + "\"}";

		refused(post("/api/v1/admin/api-keys", MediaType.APPLICATION_JSON, request), 64 * 1024);
	}

	/**
	 * Posts the body in 8 KB chunks, with no Content-Length: Transfer-Encoding chunked.
	 */
	private WebTestClient.ResponseSpec post(String path, MediaType type, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		Flux<DataBuffer> chunks = Flux.range(0, (bytes.length + 8191) / 8192)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(java.util.Arrays.copyOfRange(bytes, i * 8192, Math.min(bytes.length, (i + 1) * 8192))));
		return this.office.post()
			.uri(path)
			.contentType(type)
			.headers((headers) -> assertThat(headers.getContentLength()).isEqualTo(-1))
			.body(chunks, DataBuffer.class)
			.exchange();
	}

	private static void refused(WebTestClient.ResponseSpec response, long limit) {
		response.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(Map.class)
			.value((problem) -> assertThat((String) problem.get("detail")).contains("at most " + limit));
	}

}

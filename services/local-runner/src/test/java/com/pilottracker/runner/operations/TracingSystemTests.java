package com.pilottracker.runner.operations;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.runner.system.DemoSystem;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trace started at the gateway's HTTP request follows the milestone through Kafka to
 * the lifecycle and the projection: the stage change the lifecycle writes carries the
 * trace, and each service's log line about the milestone carries its trace id.
 */
@Tag("system")
@Tag("operations")
class TracingSystemTests {

	@Test
	void aMilestonesTraceRunsFromTheGatewayThroughTheLifecycleToTheProjection() throws Exception {
		DemoSystem demo = DemoSystem.get();
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String first17 = "91350205MA" + Long.toString(System.nanoTime() % 10_000_000L + 10_000_000L).substring(1);
		String uscc = first17 + Uscc.checkCharacterFor(first17);
		String event = DemoSystem.JSON.writeValueAsString(Map.of("specversion", "1.0", "id", "traced-" + uscc, "source",
				"/programme-office", "type", "pilot.solicited", "subject", uscc, "time", "2024-05-06T09:30:00+08:00",
				"data", Map.of("district", "海沧区", "industry", "新能源")));

		try (TopicReader stageChanges = new TopicReader(demo.kafkaBootstrapServers(), Topics.STAGE_CHANGES)) {
			HttpResponse<String> response = DemoSystem.HTTP.send(
					HttpRequest.newBuilder(URI.create(demo.url(ServiceProcess.Service.GATEWAY) + "/api/v1/milestones"))
						.header("Authorization", TestApiKeys.officeBearer())
						.header("Content-Type", "application/cloudevents+json")
						.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
						.POST(HttpRequest.BodyPublishers.ofString(event))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

			ConsumerRecord<String, byte[]> change = stageChanges.awaitRecord((record) -> uscc.equals(record.key()),
					Duration.ofSeconds(30));
			assertThat(TopicReader.headers(change).get("traceparent")).startsWith("00-" + traceId + "-");
		}
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						Files.readAllLines(demo.logs().resolve(service.artifact() + ".log"), StandardCharsets.UTF_8))
					.as("%s's log lines about %s", service.artifact(), uscc)
					.anySatisfy((line) -> assertThat(line).contains(uscc).contains(traceId)));
		}
	}

}

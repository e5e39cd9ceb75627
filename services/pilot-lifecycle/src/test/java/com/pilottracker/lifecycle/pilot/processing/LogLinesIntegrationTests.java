package com.pilottracker.lifecycle.pilot.processing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A milestone whose id holds CR/LF, straight on the topic (no gateway to refuse it): the
 * lifecycle's log line about it stays one line, the characters escaped, and nothing in it
 * passes for a log line of its own.
 */
@SpringBootTest
@ImportPilotInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class LogLinesIntegrationTests {

	@Test
	void aMilestoneWithCrLfInItsIdIsLoggedOnOneLineEscaped(CapturedOutput output) throws Exception {
		String marker = UUID.randomUUID().toString();
		String forged = "2026-01-01T00:00:00.000Z ERROR 1 --- [pilot-lifecycle] forged " + marker;
		Uscc enterprise = PilotLifecycleIntegrationTests.newEnterprise();
		// a withdrawal of an enterprise never solicited: not applied, so it is logged
		Milestone milestone = new Milestone("w-" + marker + "\r\n" + forged, "/providers/test", MilestoneType.WITHDRAWN,
				enterprise, Instant.now().minus(Duration.ofDays(1)), MilestoneData.none());
		WireRecord wire = MilestoneCodec.encode(milestone);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MILESTONES, wire.key(), wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(), "acks", "all"),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.send(record).get();
		}

		String escaped = "w-" + marker + "\\u000D\\u000A" + forged;
		await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains(escaped));
		assertThat(output.getAll().lines().filter((line) -> line.contains(marker))).singleElement()
			.satisfies((line) -> assertThat(line).contains(" INFO ").contains("Milestone " + escaped));
		assertThat(output.getAll().lines()).noneMatch((line) -> line.startsWith("2026-01-01T00:00:00.000Z ERROR"));
	}

}

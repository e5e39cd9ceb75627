package com.pilottracker.lifecycle.processing;

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
import com.pilottracker.testsupport.PilotMilestones;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A value holding CR/LF never starts a log line of its own. A milestone whose id holds
 * them, straight on the topic (no gateway to refuse it), is refused as unreadable and
 * dead-lettered with a line that names the character; and any value a line carries as an
 * argument is escaped by the logging setup every service shares
 * ({@code EscapedLogMessages}), whatever code logs it.
 */
@SpringBootTest
@ImportPilotInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class LogLinesIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(LogLinesIntegrationTests.class);

	@Test
	void aMilestoneWithCrLfInItsIdIsRefusedOnOneLineAndForgesNone(CapturedOutput output) throws Exception {
		String marker = UUID.randomUUID().toString();
		String forged = "2026-01-01T00:00:00.000Z ERROR 1 --- [pilot-lifecycle] forged " + marker;
		Uscc enterprise = PilotLifecycleIntegrationTests.newEnterprise();
		Milestone milestone = new Milestone("w-" + marker + "\r\n" + forged, "/programme-office",
				PilotMilestones.WITHDRAWN, enterprise, Instant.now().minus(Duration.ofDays(1)), Instant.now(),
				MilestoneData.none());
		WireRecord wire = MilestoneCodec.encode(milestone);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MILESTONES, null,
				wire.timestamp().toEpochMilli(), wire.key(), wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(), "acks", "all"),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.send(record).get();
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> output.getAll().contains("ce_id holds the control character U+000D"));
		assertThat(output.getAll().lines()).noneMatch((line) -> line.startsWith("2026-01-01T00:00:00.000Z ERROR"));
	}

	@Test
	void aValueWithCrLfIsLoggedOnOneLineEscaped(CapturedOutput output) {
		String marker = UUID.randomUUID().toString();
		String forged = "2026-01-01T00:00:00.000Z ERROR 1 --- [pilot-lifecycle] forged " + marker;

		logger.info("Milestone {} decided", "w-" + marker + "\r\n" + forged);

		String escaped = "w-" + marker + "\\u000D\\u000A" + forged;
		assertThat(output.getAll().lines().filter((line) -> line.contains(marker))).singleElement()
			.satisfies((line) -> assertThat(line).contains(" INFO ").contains("Milestone " + escaped + " decided"));
		assertThat(output.getAll().lines()).noneMatch((line) -> line.startsWith("2026-01-01T00:00:00.000Z ERROR"));
	}

}

package com.pilottracker.lifecycle.pilot.processing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@ImportPilotInfrastructure
class PilotLifecycleIntegrationTests {

	static KafkaProducer<String, byte[]> producer;

	static TopicReader stageChanges;

	@Autowired
	DatabaseClient db;

	@BeforeAll
	static void connect() {
		String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
		producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(),
				new ByteArraySerializer());
		stageChanges = new TopicReader(bootstrap, Topics.STAGE_CHANGES);
	}

	@AfterAll
	static void disconnect() {
		producer.close();
		stageChanges.close();
	}

	@Test
	void appliesEachLegalStepOnceAndPublishesItWithConsecutiveVersions() {
		Uscc enterprise = newEnterprise();
		Milestone solicited = milestone(enterprise, MilestoneType.SOLICITED,
				new MilestoneData("集美区", "新能源", null, null));
		Milestone contracted = milestone(enterprise, MilestoneType.CONTRACTED,
				new MilestoneData(null, null, "CEPREI", null));
		Milestone preAcceptance = milestone(enterprise, MilestoneType.PRE_ACCEPTANCE, MilestoneData.none());

		send(solicited, contracted, solicited, preAcceptance, contracted);

		List<StageChanged> changes = awaitChanges(enterprise, 3);
		assertThat(changes).extracting(StageChanged::version).containsExactly(1L, 2L, 3L);
		assertThat(changes).extracting(StageChanged::to)
			.containsExactly(Stage.SOLICITED, Stage.CONTRACTED, Stage.PRE_ACCEPTANCE);
		assertThat(changes.get(2).district()).isEqualTo("集美区");
		assertThat(changes.get(2).provider()).isEqualTo("CEPREI");
		assertThat(stage(enterprise)).isEqualTo("PRE_ACCEPTANCE");
		assertThat(decisions(enterprise)).isEqualTo(3);
	}

	@Test
	void recordsAnIllegalStepAsRejectedWithItsReasonAndPublishesNothing() {
		Uscc enterprise = newEnterprise();
		Milestone solicited = milestone(enterprise, MilestoneType.SOLICITED,
				new MilestoneData("翔安区", "航空无人机", null, null));
		Milestone early = milestone(enterprise, MilestoneType.PRE_ACCEPTANCE, MilestoneData.none());
		Milestone withdrawn = milestone(enterprise, MilestoneType.WITHDRAWN, MilestoneData.none());

		send(solicited, early, withdrawn);

		List<StageChanged> changes = awaitChanges(enterprise, 2);
		assertThat(changes).extracting(StageChanged::to).containsExactly(Stage.SOLICITED, Stage.WITHDRAWN);
		assertThat(this.db.sql("SELECT reason FROM processed_milestone WHERE source = :s AND id = :id")
			.bind("s", early.source())
			.bind("id", early.id())
			.map((row) -> row.get("reason", String.class))
			.one()
			.block()).isEqualTo("PREDECESSOR_MISSING");
	}

	private List<StageChanged> awaitChanges(Uscc enterprise, int expected) {
		List<StageChanged> changes = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			changes.clear();
			collect(enterprise, changes);
			assertThat(changes).hasSizeGreaterThanOrEqualTo(expected);
		});
		// the transaction that decided the later, rejected or duplicate milestones has
		// also committed
		await().atMost(Duration.ofSeconds(30)).until(() -> decisions(enterprise) >= expected);
		changes.clear();
		collect(enterprise, changes);
		assertThat(changes).hasSize(expected);
		return changes;
	}

	private static void collect(Uscc enterprise, List<StageChanged> into) {
		try {
			stageChanges.awaitRecord((record) -> {
				if (enterprise.value().equals(record.key())) {
					StageChanged change = StageChangedCodec.decode(wire(record));
					if (into.stream().noneMatch((seen) -> seen.version() == change.version())) {
						into.add(change);
					}
				}
				return false;
			}, Duration.ofMillis(300));
		}
		catch (AssertionError expectedWhenNoMore) {
			// read everything there is for now
		}
	}

	private String stage(Uscc enterprise) {
		return this.db.sql("SELECT stage FROM pilot WHERE uscc = :uscc")
			.bind("uscc", enterprise.value())
			.map((row) -> row.get("stage", String.class))
			.one()
			.block();
	}

	private long decisions(Uscc enterprise) {
		return this.db.sql("SELECT count(*) AS n FROM processed_milestone WHERE uscc = :uscc")
			.bind("uscc", enterprise.value())
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private static void send(Milestone... milestones) {
		for (Milestone milestone : milestones) {
			WireRecord wire = MilestoneCodec.encode(milestone);
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MILESTONES, wire.key(), wire.value());
			wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
			try {
				producer.send(record).get();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	static WireRecord wire(ConsumerRecord<String, byte[]> record) {
		return new WireRecord(record.key(), TopicReader.headers(record), record.value());
	}

	static Milestone milestone(Uscc enterprise, MilestoneType type, MilestoneData data) {
		return new Milestone(type.name() + "-" + enterprise.value(), "/providers/test", type, enterprise,
				Instant.parse("2024-06-01T00:00:00Z"), data);
	}

	static Uscc newEnterprise() {
		StringBuilder code = new StringBuilder("91350211");
		for (int i = 0; i < 9; i++) {
			code.append(Uscc.ALPHABET.charAt(ThreadLocalRandom.current().nextInt(Uscc.ALPHABET.length())));
		}
		return new Uscc(code.toString() + Uscc.checkCharacterFor(code.toString()));
	}

}

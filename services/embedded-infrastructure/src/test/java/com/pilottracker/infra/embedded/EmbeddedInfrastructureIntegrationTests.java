package com.pilottracker.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddedInfrastructureIntegrationTests {

	@TempDir
	Path dataDirectory;

	@Test
	void keepsAcknowledgedRecordsAcrossABrokerRestart() throws Exception {
		Path log = this.dataDirectory.resolve("kafka");
		int port;
		try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(log, 0)) {
			port = broker.port();
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", "true"),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>("t", "k", "v")).get();
			}
		}

		try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(log, port);
				KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
						broker.bootstrapServers(), "group.id", "g", "auto.offset.reset", "earliest"),
						new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(Set.of("t"));
			ConsumerRecord<String, String> record = null;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (record == null && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> each : consumer.poll(Duration.ofMillis(200))) {
					record = each;
				}
			}

			assertThat(record).isNotNull();
			assertThat(record.value()).isEqualTo("v");
		}
	}

	@Test
	void runsADurablePostgresWhoseDataSurvivesARestart() throws Exception {
		Path data = this.dataDirectory.resolve("postgres");
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, true)) {
			assertThat(postgres.setting("fsync")).isEqualTo("on");
			assertThat(postgres.setting("synchronous_commit")).isEqualTo("on");
			execute(postgres, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
		}

		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, true);
				Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
						"");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getInt(1)).isEqualTo(42);
		}
	}

	@Test
	void startsWhereAServerThatDidNotStopLeftAPostmasterPidNowNamingAnotherProcess() throws Exception {
		Path data = this.dataDirectory.resolve("postgres");
		List<String> lockFile;
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, true)) {
			execute(postgres, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
			lockFile = Files.readAllLines(data.resolve("postmaster.pid"));
		}
		// as after a kill -9 of the server, its process id since taken by another process
		List<String> stale = new ArrayList<>(lockFile);
		stale.set(0, String.valueOf(ProcessHandle.current().pid()));
		Files.write(data.resolve("postmaster.pid"), stale);

		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, true);
				Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
						"");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getInt(1)).isEqualTo(42);
		}
		assertThat(data.resolve("postmaster.pid")).doesNotExist();
	}

	@Test
	void refusesToStartBesideAServerStillRunningOnTheSameDataAndSaysHowToStopIt() {
		Path data = this.dataDirectory.resolve("postgres");
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, false)) {
			assertThatIllegalStateException().isThrownBy(() -> EmbeddedPostgresServer.start(data, 0, false))
				.withMessageContaining("still runs on " + data)
				.withMessageContaining("kill -INT");
		}
	}

	@Test
	void keepsCommittedRowsThroughAnImmediateStopAndRestart() throws Exception {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(this.dataDirectory.resolve("crash"), 0,
				true)) {
			execute(postgres, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");

			postgres.crash();
			postgres.restart();

			try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
					"");
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).isEqualTo(7);
			}
			assertThat(postgres.setting("fsync")).isEqualTo("on");
		}
	}

	@Test
	void restartsAKilledBrokerProcessWithTheRecordsItAcknowledged() throws Exception {
		try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(this.dataDirectory.resolve("kafka-process"), 0,
				this.dataDirectory.resolve("broker.log"))) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", "true"),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>("kept", "k", "before the crash")).get();
			}

			broker.kill();
			assertThat(broker.isAlive()).isFalse();
			broker.restart();

			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
					broker.bootstrapServers(), "group.id", "g", "auto.offset.reset", "earliest"),
					new StringDeserializer(), new StringDeserializer())) {
				consumer.subscribe(Set.of("kept"));
				String value = null;
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (value == null && System.nanoTime() < deadline) {
					for (ConsumerRecord<String, String> each : consumer.poll(Duration.ofMillis(200))) {
						value = each.value();
					}
				}
				assertThat(value).isEqualTo("before the crash");
			}
		}
	}

	@Test
	void runsAThrowawayPostgresWithoutFsync() {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(this.dataDirectory.resolve("pg"), 0,
				false)) {
			assertThat(postgres.setting("fsync")).isEqualTo("off");
		}
	}

	private static void execute(EmbeddedPostgresServer postgres, String... statements) throws Exception {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}

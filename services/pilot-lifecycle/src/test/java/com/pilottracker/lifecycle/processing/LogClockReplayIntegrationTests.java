package com.pilottracker.lifecycle.processing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.lifecycle.PilotLifecycleApplication;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.Infrastructure;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.TestInfrastructure;
import io.r2dbc.postgresql.codec.Json;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle's decisions are a function of its log. Milestones of both programmes go
 * through Kafka on a partition of their own, accepted over four years (record timestamps
 * in the past): holds released and expired, rejections, milestones out of order, a
 * recognition that lapses and a late re-review that undoes the lapse, a revocation and a
 * re-entry. A second, fresh lifecycle (its own consumer group, its own empty schema) then
 * reads the same topic from the beginning; every decision row, every enterprise's row and
 * every record its outbox writes (decisions and stage changes: ids, versions, headers,
 * payloads) are the same, row for row.
 */
@SpringBootTest
@ImportPilotInfrastructure
class LogClockReplayIntegrationTests {

	static final String REPLAY_SCHEMA = "lifecycle_replay";

	static final String OFFICE = "/programme-office";

	@Autowired
	DatabaseClient db;

	@Test
	void aFreshLifecycleReadingTheSameLogDecidesEverythingTheSame() {
		copyOutbox("lifecycle");
		int partition = PilotLifecycleIntegrationTests.partitions() - 1;
		Instant t0 = PilotLifecycleIntegrationTests.now().minus(Duration.ofDays(4 * 365));
		Map<String, Uscc> enterprises = new LinkedHashMap<>();
		for (String name : List.of("A", "B", "C", "D", "E", "F", "G", "H")) {
			enterprises.put(name, PilotLifecycleIntegrationTests.newEnterprise());
		}
		List<Milestone> script = script(enterprises, t0);
		script.forEach((milestone) -> PilotLifecycleIntegrationTests.sendTo(partition, milestone));
		String[] keys = enterprises.values().stream().map(Uscc::value).toArray(String[]::new);
		Instant last = script.get(script.size() - 1).acceptedAt();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> milestoneRows("lifecycle", keys).size() == script.size()
					&& last.equals(logTime("lifecycle", partition)));
		List<String> decided = milestoneRows("lifecycle", keys);
		List<String> states = stateRows("lifecycle", keys);
		List<String> records = outboxRows("lifecycle", keys);

		// what the log made happen
		assertThat(String.join("\n", decided)).contains("PREDECESSOR_MISSING", "AFTER_WITHDRAWAL", "STEP_BACKWARDS");
		assertThat(states).anySatisfy((row) -> assertThat(row).startsWith("gradient " + keys[3] + " SPECIALISED"))
			.anySatisfy((row) -> assertThat(row).startsWith("gradient " + keys[5] + " INNOVATIVE"));
		assertThat(String.join("\n", records)).contains("\"to\":\"LAPSED\"", "\"to\":\"REVOKED\"",
				"\"from\":\"LAPSED\",\"to\":\"SPECIALISED\"");

		try (ConfigurableApplicationContext replay = freshLifecycle()) {
			await().atMost(Duration.ofSeconds(120))
				.until(() -> milestoneRows(REPLAY_SCHEMA, keys).size() == script.size()
						&& last.equals(logTime(REPLAY_SCHEMA, partition)));

			assertThat(milestoneRows(REPLAY_SCHEMA, keys)).isEqualTo(decided);
			assertThat(stateRows(REPLAY_SCHEMA, keys)).isEqualTo(states);
			assertThat(outboxRows(REPLAY_SCHEMA, keys)).isEqualTo(records);
		}
		finally {
			this.db.sql("DROP TRIGGER IF EXISTS copy_outbox_replay ON lifecycle.outbox").then().block();
			this.db.sql("DROP SCHEMA IF EXISTS " + REPLAY_SCHEMA + " CASCADE").then().block();
		}
	}

	/**
	 * The history, in the order it is posted; each accepted at the instant given.
	 */
	static List<Milestone> script(Map<String, Uscc> e, Instant t0) {
		List<Milestone> script = new ArrayList<>();
		MilestoneData pilotEntry = new MilestoneData("思明区", "电子信息", null, null);
		MilestoneData contract = new MilestoneData(null, null, "ceprei", null);
		MilestoneData gradientEntry = new MilestoneData("湖里区", "新能源", null, null, Map.of("highTech", "true"));
		// A: a contract held for its solicitation, released; a solicitation backwards
		script.add(m("a-c", "/providers/ceprei", "pilot.contracted", e.get("A"), t0.minus(days(10)), t0, contract));
		script.add(m("a-s", OFFICE, "pilot.solicited", e.get("A"), t0.minus(days(20)), t0.plus(hours(1)), pilotEntry));
		script.add(m("a-s2", OFFICE, "pilot.solicited", e.get("A"), t0.minus(days(5)), t0.plus(hours(2)), pilotEntry));
		// B: withdrawn, then a contract after the withdrawal
		script.add(m("b-s", OFFICE, "pilot.solicited", e.get("B"), t0.minus(days(30)), t0.plus(hours(3)), pilotEntry));
		script.add(m("b-w", OFFICE, "pilot.withdrawn", e.get("B"), t0.minus(days(29)), t0.plus(hours(4)),
				MilestoneData.none()));
		script.add(m("b-c", "/providers/ceprei", "pilot.contracted", e.get("B"), t0.minus(days(28)), t0.plus(hours(5)),
				contract));
		// E: a pre-acceptance whose contract never comes: its hold expires on the log
		script.add(m("e-p", OFFICE, "pilot.pre-acceptance", e.get("E"), t0, t0.plus(hours(6)), MilestoneData.none()));
		// C: recognised and specialised, re-reviewed in time
		script.add(m("c-i", OFFICE, "gradient.innovative", e.get("C"), t0.minus(days(365)), t0.plus(hours(7)),
				gradientEntry));
		script.add(m("c-s", OFFICE, "gradient.specialised", e.get("C"), t0.minus(days(180)), t0.plus(hours(8)),
				MilestoneData.none()));
		// D: specialised posted before its recognition (held, then applied)
		script.add(m("d-s", OFFICE, "gradient.specialised", e.get("D"), t0.minus(days(100)), t0.plus(hours(9)),
				MilestoneData.none()));
		script.add(m("d-i", OFFICE, "gradient.innovative", e.get("D"), t0.minus(days(200)), t0.plus(hours(10)),
				gradientEntry));
		// F: recognised, revoked, recognised again
		script.add(m("f-i", OFFICE, "gradient.innovative", e.get("F"), t0, t0.plus(hours(11)), gradientEntry));
		script.add(m("f-x", OFFICE, "gradient.revoked", e.get("F"), t0.plus(days(1)), t0.plus(days(1)),
				MilestoneData.none()));
		script.add(m("f-i2", OFFICE, "gradient.innovative", e.get("F"), t0.plus(days(60)), t0.plus(days(60)),
				gradientEntry));
		// C re-reviewed a year on
		script.add(m("c-r", OFFICE, "gradient.re-reviewed", e.get("C"), t0.plus(days(365)), t0.plus(days(366)),
				MilestoneData.none()));
		// three years on: D's recognition (specialised 100 days before t0) has lapsed
		script.add(m("g-s", OFFICE, "pilot.solicited", e.get("G"), t0.plus(days(3 * 365)), t0.plus(days(3 * 365)),
				pilotEntry));
		// a re-review of D dated before its lapse, posted late: the lapse is undone
		script.add(m("d-r", OFFICE, "gradient.re-reviewed", e.get("D"), t0.plus(days(2 * 365)),
				t0.plus(days(3 * 365 + 10)), MilestoneData.none()));
		script.add(m("h-s", OFFICE, "pilot.solicited", e.get("H"), t0.plus(days(3 * 365 + 11)),
				t0.plus(days(3 * 365 + 11)), pilotEntry));
		return script;
	}

	static Milestone m(String id, String source, String type, Uscc enterprise, Instant time, Instant accepted,
			MilestoneData data) {
		return new Milestone(id + "-" + enterprise.value(), source, new MilestoneType(type), enterprise, time, accepted,
				data);
	}

	static Duration days(long days) {
		return Duration.ofDays(days);
	}

	static Duration hours(long hours) {
		return Duration.ofHours(hours);
	}

	/**
	 * A second lifecycle on the same broker and database: its own consumer group, from
	 * the topic's first offset, its own schema (migrated first, so that its outbox is
	 * copied from the first record on).
	 */
	private ConfigurableApplicationContext freshLifecycle() {
		Infrastructure infrastructure = TestInfrastructure.get();
		Flyway.configure()
			.dataSource(infrastructure.jdbcUrl(), infrastructure.postgresUser(), infrastructure.postgresPassword())
			.schemas(REPLAY_SCHEMA)
			.defaultSchema(REPLAY_SCHEMA)
			.load()
			.migrate();
		copyOutbox(REPLAY_SCHEMA);
		// as arguments: they win over application.yml
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
		properties.put("spring.kafka.consumer.group-id", "pilot-lifecycle-replay-" + UUID.randomUUID());
		properties.put("spring.r2dbc.url", infrastructure.r2dbcUrl());
		properties.put("spring.r2dbc.username", infrastructure.postgresUser());
		properties.put("spring.r2dbc.password", infrastructure.postgresPassword());
		properties.put("spring.r2dbc.properties.schema", REPLAY_SCHEMA);
		properties.put("spring.flyway.url", infrastructure.jdbcUrl());
		properties.put("spring.flyway.user", infrastructure.postgresUser());
		properties.put("spring.flyway.password", infrastructure.postgresPassword());
		properties.put("spring.flyway.schemas", REPLAY_SCHEMA);
		properties.put("spring.flyway.default-schema", REPLAY_SCHEMA);
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		return new SpringApplicationBuilder(PilotLifecycleApplication.class).run(properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new));
	}

	/** Copies every record the schema's outbox gets, with its seq. */
	private void copyOutbox(String schema) {
		String copy = schema + ".outbox_copy_replay";
		this.db.sql("CREATE TABLE IF NOT EXISTS " + copy + " (LIKE " + schema + ".outbox)").then().block();
		this.db
			.sql("CREATE OR REPLACE FUNCTION " + schema + ".copy_outbox_replay() RETURNS trigger "
					+ "LANGUAGE plpgsql AS $$ BEGIN INSERT INTO " + copy + " SELECT NEW.*; RETURN NEW; END $$")
			.then()
			.block();
		this.db.sql("DROP TRIGGER IF EXISTS copy_outbox_replay ON " + schema + ".outbox").then().block();
		this.db
			.sql("CREATE TRIGGER copy_outbox_replay AFTER INSERT ON " + schema + ".outbox FOR EACH ROW "
					+ "EXECUTE FUNCTION " + schema + ".copy_outbox_replay()")
			.then()
			.block();
	}

	private List<String> milestoneRows(String schema, String[] keys) {
		return rows("SELECT source, id, programme, uscc, type, occurred_at, accepted_at, district, industry, provider,"
				+ " enterprise_name, attributes::text, status, reason, detail, waiting_for, decision_version, decided_at"
				+ " FROM " + schema + ".milestone WHERE uscc = ANY(:keys) ORDER BY source, id", keys, 18);
	}

	private List<String> stateRows(String schema, String[] keys) {
		return rows("SELECT programme, uscc, stage, version, reached_at::text, district, industry, attributes::text,"
				+ " provider, due_at, log_partition FROM " + schema
				+ ".pilot WHERE uscc = ANY(:keys) ORDER BY programme, uscc", keys, 11);
	}

	/**
	 * The outbox records of the enterprises, each enterprise's in the order written (the
	 * enterprises' records may interleave differently between two readings of the log).
	 */
	private List<String> outboxRows(String schema, String[] keys) {
		List<String> rows = new ArrayList<>(
				rows("SELECT record_key, seq, topic, headers::text," + " convert_from(value, 'UTF8') FROM " + schema
						+ ".outbox_copy_replay WHERE record_key = ANY(:keys) ORDER BY record_key, seq", keys, 5)
					.stream()
					.map((row) -> row.replaceFirst(" [0-9]+ ", " "))
					.toList());
		return Collections.unmodifiableList(rows);
	}

	private Instant logTime(String schema, int partition) {
		return this.db.sql("SELECT log_time FROM " + schema + ".log_clock WHERE log_partition = :p")
			.bind("p", partition)
			.map((row) -> row.get("log_time", OffsetDateTime.class).toInstant())
			.one()
			.blockOptional()
			.orElse(null);
	}

	private List<String> rows(String sql, String[] keys, int columns) {
		return this.db.sql(sql).bind("keys", keys).map((row) -> {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < columns; i++) {
				Object value = row.get(i);
				if (value instanceof OffsetDateTime time) {
					value = time.toInstant();
				}
				else if (value instanceof Json json) {
					value = json.asString();
				}
				text.append(value).append(' ');
			}
			return text.toString().trim();
		}).all().collectList().block();
	}

}

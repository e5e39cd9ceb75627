package com.pilottracker.lifecycle.processing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.lifecycle.deciding.Arrival;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.PilotMilestones;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch decided with set-based statements has the effects its milestones have when they
 * are decided one at a time: the same outbox records in the same order, with the traces
 * of the milestones that caused them, and the same rows.
 * <p>
 * The relay deletes outbox records as soon as Kafka has them, so a trigger copies each
 * record the lifecycle writes, with its {@code seq}, for the test to read.
 */
@SpringBootTest
@ImportPilotInfrastructure
class BatchProcessingIntegrationTests {

	// finer than a microsecond, so times are rounded as PostgreSQL stores them
	static final Instant BASE = Instant.now()
		.truncatedTo(ChronoUnit.SECONDS)
		.minus(Duration.ofDays(3))
		.plusNanos(123_456_500);

	static final MilestoneData SOLICITATION = new MilestoneData("集美区", "新能源", null, null);

	static final MilestoneData CONTRACT = new MilestoneData(null, null, "ceprei", "某公司");

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** A partition number of its own for each run: its own log clock. */
	static final java.util.concurrent.atomic.AtomicInteger PARTITIONS = new java.util.concurrent.atomic.AtomicInteger();

	@Autowired
	MilestoneProcessor processor;

	@Autowired
	DatabaseClient db;

	@BeforeEach
	void copyOutboxRecords() {
		this.db.sql("CREATE TABLE IF NOT EXISTS outbox_copy (LIKE outbox)").then().block();
		this.db.sql("""
				CREATE OR REPLACE FUNCTION copy_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN INSERT INTO outbox_copy SELECT NEW.*; RETURN NEW; END $$""").then().block();
		this.db.sql("DROP TRIGGER IF EXISTS copy_outbox ON outbox").then().block();
		this.db.sql("CREATE TRIGGER copy_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION copy_outbox()")
			.then()
			.block();
	}

	@AfterEach
	void stopCopying() {
		this.db.sql("DROP TRIGGER IF EXISTS copy_outbox ON outbox").then().block();
		this.db.sql("DROP TABLE IF EXISTS outbox_copy").then().block();
	}

	@Test
	void decidesABatchAsItsMilestonesOneAtATime() {
		Run inBatches = new Run("batches");
		for (List<Step> batch : scenario()) {
			this.processor.process(inBatches.arrivals(batch));
		}
		Run oneAtATime = new Run("single");
		for (List<Step> batch : scenario()) {
			for (Step step : batch) {
				this.processor.process(oneAtATime.arrivals(List.of(step)));
			}
		}

		List<String> records = records(inBatches);
		assertThat(records).isEqualTo(records(oneAtATime));
		assertThat(rows(inBatches)).isEqualTo(rows(oneAtATime));

		// a contract held in an earlier batch, released by the solicitation of this one
		assertThat(records).contains("milestones.decided E1 c1 APPLIED null v2 trace=s1");
		// held and released in the same batch: decided once more, with the releasing
		// trace
		assertThat(records).contains("milestones.decided E4 c4 HELD SOLICITED v1 trace=c4",
				"milestones.decided E4 c4 APPLIED null v2 trace=s4");
		// a record caused by a milestone that carried no trace carries none; s4 and s4b
		// happened at the same instant (finer than a microsecond, rounded as stored
		// before
		// they are ordered), so the first by id applies and the other repeats it
		assertThat(records).contains("milestones.decided E4 s4 APPLIED null v1 trace=s4",
				"milestones.decided E4 s4b REJECTED null v1 trace=none");
		// two and three changes of one enterprise in one batch, in order
		assertThat(records.stream().filter((record) -> record.startsWith("stage-changes E5"))).containsExactly(
				"stage-changes E5 null->SOLICITED v1 cause=s5 trace=s5",
				"stage-changes E5 SOLICITED->CONTRACTED v2 cause=c5 trace=c5",
				"stage-changes E5 CONTRACTED->WITHDRAWN v3 cause=w5 trace=w5",
				"stage-changes E5 WITHDRAWN->WITHDRAWN v4 cause=p5 trace=p5");
		assertThat(records).contains("milestones.rejected E1 s1b REJECTED null v1 trace=s1b");
	}

	@Test
	void decidesARedeliveredBatchOnce() {
		Run run = new Run("again");
		List<List<Step>> scenario = scenario();
		for (List<Step> batch : scenario) {
			this.processor.process(run.arrivals(batch));
		}
		List<String> records = records(run);
		List<String> rows = rows(run);

		List<Step> last = scenario.get(scenario.size() - 1);
		this.processor.process(run.arrivals(last));

		assertThat(records(run)).isEqualTo(records);
		assertThat(rows(run)).isEqualTo(rows);
	}

	/**
	 * Three batches over six enterprises: holds released by a later batch and by a later
	 * milestone of the same batch, duplicates from an earlier batch and from the same
	 * one, enterprises changed several times in a batch, a rejection after withdrawal, a
	 * back-filled contract and solicitation posted in the wrong order (held, then
	 * applied: the hold limit counts from acceptance), one without a trace.
	 */
	static List<List<Step>> scenario() {
		return List.of(
				List.of(new Step("E1", "c1", PilotMilestones.CONTRACTED, 60, CONTRACT),
						new Step("E1", "p1", PilotMilestones.PRE_ACCEPTANCE, 120, MilestoneData.none()),
						new Step("E5", "s5", PilotMilestones.SOLICITED, 0, SOLICITATION)),
				List.of(new Step("E2", "s2", PilotMilestones.SOLICITED, 0, SOLICITATION),
						new Step("E1", "s1", PilotMilestones.SOLICITED, 0, SOLICITATION),
						new Step("E2", "c2", PilotMilestones.CONTRACTED, 30, CONTRACT),
						new Step("E1", "s1", PilotMilestones.SOLICITED, 0, SOLICITATION),
						new Step("E1", "w1", PilotMilestones.WITHDRAWN, 180, MilestoneData.none()),
						new Step("E1", "c1", PilotMilestones.CONTRACTED, 60, CONTRACT),
						new Step("E1", "s1b", PilotMilestones.SOLICITED, 200, SOLICITATION),
						new Step("E3", "c3", PilotMilestones.CONTRACTED, -60 * 24 * 40, CONTRACT),
						new Step("E3", "s3", PilotMilestones.SOLICITED, -60 * 24 * 41, SOLICITATION),
						new Step("E4", "c4", PilotMilestones.CONTRACTED, 60, CONTRACT),
						new Step("E4", "p4", PilotMilestones.PRE_ACCEPTANCE, 90, MilestoneData.none()),
						new Step("E4", "s4", PilotMilestones.SOLICITED, 0, SOLICITATION),
						new Step("E4", "s4b", PilotMilestones.SOLICITED, 0, SOLICITATION),
						new Step("E2", "p2", PilotMilestones.PRE_ACCEPTANCE, 20, MilestoneData.none()),
						new Step("E5", "c5", PilotMilestones.CONTRACTED, 10, CONTRACT),
						new Step("E5", "w5", PilotMilestones.WITHDRAWN, 20, MilestoneData.none()),
						new Step("E5", "p5", PilotMilestones.PRE_ACCEPTANCE, 15, MilestoneData.none()),
						new Step("E2", "s2", PilotMilestones.SOLICITED, 0, SOLICITATION)),
				List.of(new Step("E2", "c2b", PilotMilestones.CONTRACTED, 10, CONTRACT),
						new Step("E6", "p6", PilotMilestones.PRE_ACCEPTANCE, 10, MilestoneData.none()),
						new Step("E6", "p6", PilotMilestones.PRE_ACCEPTANCE, 10, MilestoneData.none())));
	}

	/**
	 * The outbox records of the run's enterprises in {@code seq} order, with the run's
	 * enterprises, milestone ids and traces named as in the scenario.
	 */
	private List<String> records(Run run) {
		return this.db
			.sql("SELECT headers, value, topic, record_key FROM outbox_copy WHERE record_key = ANY(:keys) ORDER BY seq")
			.bind("keys", run.keys())
			.map((row) -> {
				Map<String, String> headers = JSON.readValue(row.get("headers", Json.class).asString(),
						new TypeReference<Map<String, String>>() {
						});
				WireRecord record = new WireRecord(row.get("record_key", String.class), headers,
						row.get("value", byte[].class));
				String topic = row.get("topic", String.class).replace("pilot.", "");
				String trace = run.step(headers.get("traceparent"));
				if (Topics.STAGE_CHANGES.equals(row.get("topic", String.class))) {
					StageChanged change = StageChangedCodec.decode(record);
					return topic + " " + run.name(change.enterprise().value()) + " " + change.from() + "->"
							+ change.to() + " v" + change.version() + " cause=" + run.name(change.milestoneId())
							+ " trace=" + trace;
				}
				MilestoneDecided decision = MilestoneDecidedCodec.decode(record);
				return topic + " " + run.name(decision.enterprise().value()) + " " + run.name(decision.milestoneId())
						+ " " + decision.status() + " " + decision.waitingFor() + " v" + decision.decisionVersion()
						+ " trace=" + trace;
			})
			.all()
			.collectList()
			.block();
	}

	/** The full text of every record, milestone row and pilot row of the run. */
	private List<String> rows(Run run) {
		List<String> rows = new ArrayList<>();
		rows.addAll(this.db.sql("""
				SELECT record_key, topic, headers, value FROM outbox_copy WHERE record_key = ANY(:keys) ORDER BY seq
				""").bind("keys", run.keys()).map((row) -> {
			Map<String, String> headers = new TreeMap<>(
					JSON.readValue(row.get("headers", Json.class).asString(), new TypeReference<Map<String, String>>() {
					}));
			headers.remove("ce_id");
			headers.remove("ce_time");
			headers.remove("ce_subject");
			headers.computeIfPresent("traceparent", (name, trace) -> run.step(trace));
			String value = new String(row.get("value", byte[].class), StandardCharsets.UTF_8)
				.replaceAll("\"recordedAt\":\"[^\"]*\"", "");
			return run
				.anonymous(row.get("record_key", String.class) + " " + row.get("topic") + " " + headers + " " + value);
		}).all().collectList().block());
		rows.addAll(this.db.sql("""
				SELECT id, uscc, type, occurred_at, district, industry, provider, enterprise_name, status, reason,
				       detail, waiting_for, decision_version
				FROM milestone WHERE uscc = ANY(:keys) ORDER BY id
				""").bind("keys", run.keys()).map((row) -> {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < 13; i++) {
				Object value = row.get(i);
				text.append((value instanceof OffsetDateTime time) ? time.toInstant() : value).append(' ');
			}
			return run.anonymous(text.toString());
		}).all().collectList().block());
		List<String> pilots = new ArrayList<>(this.db.sql("""
				SELECT programme, uscc, stage, version, reached_at::text, district, industry, attributes::text,
				       provider, due_at
				FROM pilot WHERE uscc = ANY(:keys)
				""").bind("keys", run.keys()).map((row) -> {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < 10; i++) {
				Object value = row.get(i);
				text.append((value instanceof OffsetDateTime time) ? time.toInstant() : value).append(' ');
			}
			return run.anonymous(text.toString());
		}).all().collectList().block());
		Collections.sort(pilots);
		rows.addAll(pilots);
		return rows;
	}

	/**
	 * A step of the scenario.
	 *
	 * @param enterprise E1 to E6
	 * @param name the milestone's id in the scenario, and the name of its trace
	 * @param type the milestone's type
	 * @param minutes its time after {@link #BASE}
	 * @param data its data
	 */
	record Step(String enterprise, String name, MilestoneType type, long minutes, MilestoneData data) {
	}

	/** The scenario for enterprises of its own. */
	static final class Run {

		private final String prefix;

		private final Map<String, Uscc> enterprises = new LinkedHashMap<>();

		private final Map<String, String> names = new HashMap<>();

		private final int partition = 1000 + PARTITIONS.getAndIncrement();

		private Instant accepted = BASE.truncatedTo(ChronoUnit.SECONDS);

		Run(String label) {
			this.prefix = label + System.nanoTime() + "-";
			for (int i = 1; i <= 6; i++) {
				Uscc uscc = PilotLifecycleIntegrationTests.newEnterprise();
				this.enterprises.put("E" + i, uscc);
				this.names.put(uscc.value(), "E" + i);
			}
		}

		/**
		 * The steps as read from a partition of their own (none of the topic's), each
		 * accepted a second after the one before, each with its trace, named after it
		 * (none for s4b).
		 */
		List<Arrival> arrivals(List<Step> steps) {
			List<Arrival> arrivals = new ArrayList<>();
			for (Step step : steps) {
				this.accepted = this.accepted.plusSeconds(1);
				Milestone milestone = new Milestone(this.prefix + step.name(),
						PilotLifecycleIntegrationTests.source(step.type()), step.type(),
						this.enterprises.get(step.enterprise()), BASE.plus(Duration.ofMinutes(step.minutes())),
						this.accepted, step.data());
				arrivals.add(new Arrival(milestone, this.partition,
						step.name().equals("s4b") ? null : traceparent(step.name())));
			}
			return arrivals;
		}

		String[] keys() {
			return this.enterprises.values().stream().map(Uscc::value).toArray(String[]::new);
		}

		/** The step whose trace this is, {@code none} for none. */
		String step(String traceparent) {
			if (traceparent == null) {
				return "none";
			}
			for (Step step : scenario().stream().flatMap(List::stream).toList()) {
				if (traceparent.equals(traceparent(step.name()))) {
					return step.name();
				}
			}
			return "unknown " + traceparent;
		}

		String name(String idOrUscc) {
			if (idOrUscc == null) {
				return null;
			}
			return this.names.getOrDefault(idOrUscc, idOrUscc.replace(this.prefix, ""));
		}

		String anonymous(String text) {
			for (Map.Entry<String, String> entry : this.names.entrySet()) {
				text = text.replace(entry.getKey(), entry.getValue());
			}
			return text.replace(this.prefix, "");
		}

		private static String traceparent(String name) {
			return String.format("00-%032x-00f067aa0ba902b7-01", name.hashCode() & 0xffffffffL);
		}

	}

}

package com.pilottracker.projection.funnel.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.StageChanges;
import com.pilottracker.projection.funnel.MissingChangeException;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// the same context as the other integration tests, so the test run starts it once
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class FunnelStoreTests {

	static final Instant TIME = Instant.parse("2024-04-01T00:00:00Z");

	static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000_000L);

	@Autowired
	FunnelStore store;

	@Autowired
	DatabaseClient db;

	@Test
	void aBatchGivesTheRowsOfApplyingItsChangesOneAtATime() {
		Scenario batched = new Scenario();
		Scenario oneByOne = new Scenario();

		int appliedBatched = this.store.apply(batched.before()).block() + this.store.apply(batched.batch()).block();
		int appliedOneByOne = 0;
		for (StageChanged change : oneByOne.before()) {
			appliedOneByOne += this.store.apply(List.of(change)).block();
		}
		for (StageChanged change : oneByOne.batch()) {
			appliedOneByOne += this.store.apply(List.of(change)).block();
		}

		assertThat(appliedBatched).isEqualTo(appliedOneByOne).isEqualTo(11);
		assertThat(rows(batched)).isEqualTo(rows(oneByOne));
		// an enterprise that moved to another district left no empty counter behind
		assertThat(rows(batched)).noneMatch((row) -> row.contains("(D2,"))
			.anyMatch((row) -> row.startsWith("(D1,电子信息,WITHDRAWN,1,1,pilot,{})"));
	}

	@Test
	void aRedeliveredBatchChangesNothing() {
		Scenario scenario = new Scenario();
		this.store.apply(scenario.before()).block();
		this.store.apply(scenario.batch()).block();
		List<String> before = rows(scenario);

		assertThat(this.store.apply(scenario.batch()).block()).isZero();
		assertThat(this.store.apply(scenario.before()).block()).isZero();

		assertThat(rows(scenario)).isEqualTo(before);
	}

	@Test
	void appliesNothingOfABatchWithAChangeWhosePredecessorIsMissing() {
		Scenario scenario = new Scenario();
		Uscc first = scenario.enterprise("A");
		Uscc second = scenario.enterprise("B");
		List<StageChanged> batch = List.of(
				change(first, null, PilotStages.SOLICITED, 1, scenario.district("D1"), "电子信息"),
				change(second, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, scenario.district("D1"), "电子信息"));

		assertThatExceptionOfType(MissingChangeException.class).isThrownBy(() -> this.store.apply(batch).block());

		assertThat(rows(scenario)).isEmpty();
	}

	@Test
	void logsEachChangeInItsOwnTrace() {
		Logger logger = (Logger) LoggerFactory.getLogger(FunnelStore.class);
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		Level level = logger.getLevel();
		logger.addAppender(lines);
		logger.setLevel(Level.DEBUG);
		try {
			Scenario scenario = new Scenario();
			Uscc enterprise = scenario.enterprise("A");
			String district = scenario.district("D1");
			String first = "4bf92f3577b34da6a3ce929d0e0e4736";
			String second = "0af7651916cd43dd8448eb211c80319c";
			this.store.apply(
					List.of(change(enterprise, null, PilotStages.SOLICITED, 1, district, "新材料"),
							change(enterprise, null, PilotStages.SOLICITED, 1, district, "新材料")),
					List.of("00-" + first + "-00f067aa0ba902b7-01", "00-" + second + "-00f067aa0ba902b7-01"))
				.block();

			List<ILoggingEvent> events = lines.list.stream()
				.filter((event) -> event.getFormattedMessage().contains(enterprise.value()))
				.toList();
			assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
				.containsExactly("Stage change SOLICITED of " + enterprise.value() + " in pilot (version 1): applied",
						"Stage change SOLICITED of " + enterprise.value() + " in pilot (version 1): already applied");
			assertThat(events).extracting((event) -> event.getMDCPropertyMap().get("traceId"))
				.containsExactly(first, second);
		}
		finally {
			logger.detachAppender(lines);
			logger.setLevel(level);
		}
	}

	@Test
	void writesAndReadsInstantsAsTheDriverDoes() {
		List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.EPOCH.minusNanos(1),
				Instant.parse("1969-12-31T23:59:59.9999995Z"), Instant.parse("1969-12-31T23:59:59.9999994Z"),
				Instant.parse("2024-02-29T12:34:56.123456499Z"), Instant.parse("2024-02-29T12:34:56.123456500Z"),
				Instant.parse("2024-02-29T12:34:56.123456501Z"), Instant.parse("2025-03-03T02:00:00Z"),
				Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z")));
		instants.add(null);
		assertThat(Timestamps.of(instants.toArray(Instant[]::new))).isInstanceOf(String[].class);
		assertThat(timestamps(instants)).isEqualTo(driversTimestamps(instants));
		for (Instant outside : List.of(Instant.parse("9999-12-31T23:59:59.9999995Z"),
				Instant.parse("0000-12-31T23:59:59.999999Z"), Instant.parse("-0044-03-15T12:00:00Z"))) {
			List<Instant> with = new ArrayList<>(instants);
			with.add(outside);
			assertThat(Timestamps.of(with.toArray(Instant[]::new))).isInstanceOf(OffsetDateTime[].class);
			assertThat(timestamps(with)).isEqualTo(driversTimestamps(with));
		}
		// read back as microseconds since the epoch, as the store reads them
		List<Instant> read = this.db.sql("""
				SELECT CAST(extract(epoch FROM t) * 1000000 AS bigint) AS us, t
				FROM unnest(CAST(:at AS timestamptz[])) WITH ORDINALITY AS a(t, n) WHERE t IS NOT NULL ORDER BY n
				""").bind("at", Timestamps.of(instants.toArray(Instant[]::new))).map((row) -> {
			long us = row.get("us", Long.class);
			Instant instant = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000), Math.floorMod(us, 1_000_000) * 1_000);
			assertThat(instant).isEqualTo(row.get("t", OffsetDateTime.class).toInstant());
			return instant;
		}).all().collectList().block();
		assertThat(read).hasSize(instants.size() - 1);
	}

	/** The instants as PostgreSQL reads them from {@link Timestamps#of}, as text. */
	private String timestamps(List<Instant> instants) {
		return this.db.sql("SELECT CAST(CAST(:at AS timestamptz[]) AS text) AS t")
			.bind("at", Timestamps.of(instants.toArray(Instant[]::new)))
			.map((row) -> row.get("t", String.class))
			.one()
			.block();
	}

	/** The instants as PostgreSQL reads them from the driver's values, as text. */
	private String driversTimestamps(List<Instant> instants) {
		return this.db.sql("SELECT CAST(CAST(:at AS timestamptz[]) AS text) AS t")
			.bind("at",
					instants.stream()
						.map((at) -> (at != null) ? at.atOffset(ZoneOffset.UTC) : null)
						.toArray(OffsetDateTime[]::new))
			.map((row) -> row.get("t", String.class))
			.one()
			.block();
	}

	/**
	 * Every row the scenario's changes wrote, as text, with its enterprises and districts
	 * by their letters, in key order ({@code change_log} in the order of {@code seq},
	 * without it and {@code applied_at}).
	 */
	private List<String> rows(Scenario scenario) {
		String[] usccs = scenario.enterprises.values().stream().map(Uscc::value).toArray(String[]::new);
		List<String> rows = new ArrayList<>();
		rows.addAll(scenario.lettered(this.db.sql("""
				SELECT CAST(e AS text) AS r FROM enterprise e WHERE uscc = ANY(CAST(:usccs AS char(18)[]))
				""").bind("usccs", usccs).map((row) -> row.get("r", String.class)).all().collectList().block())
			.stream()
			.sorted()
			.toList());
		rows.addAll(scenario.lettered(this.db.sql("""
				SELECT CAST(s AS text) AS r FROM stage_reached s WHERE uscc = ANY(CAST(:usccs AS char(18)[]))
				""").bind("usccs", usccs).map((row) -> row.get("r", String.class)).all().collectList().block())
			.stream()
			.sorted()
			.toList());
		rows.addAll(scenario.lettered(this.db.sql("""
				SELECT CAST(ROW(programme, uscc, version, recorded_at, occurred_at, from_stage, to_stage, district,
				    industry, provider, milestone_source, milestone_id, attributes, reached_at, since) AS text) AS r
				FROM change_log WHERE uscc = ANY(CAST(:usccs AS char(18)[])) ORDER BY seq
				""").bind("usccs", usccs).map((row) -> row.get("r", String.class)).all().collectList().block()));
		rows.addAll(scenario.lettered(this.db.sql("""
				SELECT CAST(f AS text) AS r FROM funnel_count f WHERE starts_with(district, :prefix)
				ORDER BY programme, district, industry, attributes, stage
				""")
			.bind("prefix", scenario.run)
			.map((row) -> row.get("r", String.class))
			.all()
			.collectList()
			.block()));
		return rows;
	}

	/**
	 * Enterprises A to E and districts D1 and D2 of their own, and a batch with every
	 * case: several changes of one enterprise, duplicates, stale versions, an enterprise
	 * already known, one moving to another district, withdrawals.
	 */
	static final class Scenario {

		final String run = "district-" + UUID.randomUUID() + "-";

		final Map<String, Uscc> enterprises = new LinkedHashMap<>();

		Uscc enterprise(String letter) {
			return this.enterprises.computeIfAbsent(letter, (key) -> {
				String first17 = "91350206" + String.format("%09d", NEXT.incrementAndGet() % 1_000_000_000L);
				return new Uscc(first17 + Uscc.checkCharacterFor(first17));
			});
		}

		String district(String name) {
			return this.run + name;
		}

		/** Applied before the batch, so the batch finds the enterprise in the table. */
		List<StageChanged> before() {
			return List.of(change(enterprise("E"), null, PilotStages.SOLICITED, 1, district("D1"), "新能源"),
					change(enterprise("E"), PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district("D1"), "新能源"));
		}

		List<StageChanged> batch() {
			String d1 = district("D1");
			return List.of(change(enterprise("A"), null, PilotStages.SOLICITED, 1, d1, "电子信息"),
					change(enterprise("A"), PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, d1, "电子信息"),
					change(enterprise("A"), null, PilotStages.SOLICITED, 1, d1, "电子信息"),
					change(enterprise("B"), null, PilotStages.SOLICITED, 1, d1, "新能源"),
					change(enterprise("E"), PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, d1, "新能源"),
					change(enterprise("A"), PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE, 3, d1, "电子信息"),
					change(enterprise("A"), PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, d1, "电子信息"),
					change(enterprise("C"), null, PilotStages.SOLICITED, 1, district("D2"), "电子信息"),
					change(enterprise("B"), null, PilotStages.SOLICITED, 1, d1, "新能源"),
					change(enterprise("E"), PilotStages.CONTRACTED, PilotStages.WITHDRAWN, 3, d1, "新能源"),
					change(enterprise("B"), PilotStages.SOLICITED, PilotStages.WITHDRAWN, 2, d1, "新能源"),
					// a correction moves C to another district: D2 is left with nothing
					change(enterprise("C"), PilotStages.SOLICITED, PilotStages.SOLICITED, 2, d1, "电子信息"),
					change(enterprise("A"), PilotStages.PRE_ACCEPTANCE, PilotStages.WITHDRAWN, 4, d1, "电子信息"),
					change(enterprise("E"), PilotStages.CONTRACTED, PilotStages.WITHDRAWN, 3, d1, "新能源"));
		}

		List<String> lettered(List<String> rows) {
			return rows.stream().map((row) -> {
				String lettered = row.replace(this.run, "");
				for (Map.Entry<String, Uscc> enterprise : this.enterprises.entrySet()) {
					lettered = lettered.replace(enterprise.getValue().value(), enterprise.getKey());
				}
				return lettered;
			}).toList();
		}

	}

	static StageChanged change(Uscc enterprise, Stage from, Stage to, long version, String district, String industry) {
		// the stages up to the current one, or up to the one withdrawn from, and the
		// withdrawal
		return StageChanges.pilot(enterprise, from, to, version, district, industry, TIME, true);
	}

}

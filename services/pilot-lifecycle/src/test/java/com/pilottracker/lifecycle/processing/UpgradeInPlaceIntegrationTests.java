package com.pilottracker.lifecycle.processing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.lifecycle.deciding.Arrival;
import com.pilottracker.lifecycle.deciding.BatchDecider;
import com.pilottracker.lifecycle.deciding.Key;
import com.pilottracker.lifecycle.deciding.StoredMilestone;
import com.pilottracker.lifecycle.deciding.StoredState;
import com.pilottracker.lifecycle.programme.ProgrammeHistory;
import com.pilottracker.lifecycle.programme.Verdict;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.Infrastructure;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import com.pilottracker.testsupport.TestInfrastructure;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database the previous release wrote (schema V1, its rows) is migrated in place, and
 * the lifecycle reads from it the same pilot it decided: the same stage, times (to the
 * microsecond), district, industry, provider and version; the same verdicts, which a
 * replay of the stored milestones gives again; a held milestone keeps waiting, due 30
 * days after it was received; and the next milestone is decided on as before.
 */
@SpringBootTest
@ImportPilotInfrastructure
class UpgradeInPlaceIntegrationTests {

	static final String SCHEMA = "lifecycle_upgrade";

	static final Uscc CONTRACTED = new Uscc("91350203MA2YQ8LX3K");

	static final Uscc WAITING = PilotLifecycleIntegrationTests.newEnterprise();

	@Autowired
	DatabaseClient db;

	@AfterEach
	void dropSchema() {
		this.db.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").then().block();
	}

	@Test
	void readsThePilotThePreviousReleaseWroteAndDecidesOnFromIt() {
		Infrastructure infrastructure = TestInfrastructure.get();
		flyway(infrastructure, "1").migrate();
		this.db.sql("""
				INSERT INTO %1$s.pilot (uscc, stage, version, solicited_at, contracted_at, district, industry,
				    provider, updated_at)
				VALUES ('%2$s', 'CONTRACTED', 2, '2024-03-01T02:00:00.123456Z', '2024-05-01T02:00:00Z', '思明区',
				    '电子信息', 'ceprei', now()),
				    ('%3$s', NULL, 0, NULL, NULL, NULL, NULL, NULL, now());
				INSERT INTO %1$s.milestone (source, id, uscc, type, occurred_at, district, industry, provider,
				    enterprise_name, status, reason, detail, waiting_for, decision_version, received_at, decided_at)
				VALUES ('/programme-office', 's', '%2$s', 'pilot.solicited', '2024-03-01T02:00:00.123456Z', '思明区',
				    '电子信息', NULL, NULL, 'APPLIED', NULL, 'applied', NULL, 1, '2024-03-02T00:00:00Z',
				    '2024-03-02T00:00:00Z'),
				    ('/providers/ceprei', 'c', '%2$s', 'pilot.contracted', '2024-05-01T02:00:00Z', NULL, NULL, 'ceprei',
				    NULL, 'APPLIED', NULL, 'applied', NULL, 1, '2024-05-02T00:00:00Z', '2024-05-02T00:00:00Z'),
				    ('/providers/ceprei', 'c2', '%2$s', 'pilot.contracted', '2024-06-01T02:00:00Z', NULL, NULL,
				    'ceprei', NULL, 'REJECTED', 'STAGE_ALREADY_REACHED', 'repeats', NULL, 1, '2024-06-02T00:00:00Z',
				    '2024-06-02T00:00:00Z'),
				    ('/programme-office', 'w', '%3$s', 'pilot.withdrawn', '2024-07-01T00:00:00Z', NULL, NULL, NULL,
				    NULL, 'HELD', NULL, 'held', 'SOLICITED', 1, '2024-07-02T00:00:00Z', '2024-07-02T00:00:00Z')
				""".formatted(SCHEMA, CONTRACTED.value(), WAITING.value())).then().block();

		flyway(infrastructure, null).migrate();

		ProgrammeStore store = new ProgrammeStore(client(infrastructure), ProgrammeCatalog.fixed(Programmes.shipped()));
		Key contracted = new Key("pilot", CONTRACTED);
		Key waiting = new Key("pilot", WAITING);
		Map<Key, StoredState> states = store.lock(List.of(contracted, waiting)).block();
		StoredState state = states.get(contracted);
		assertThat(state.version()).isEqualTo(2);
		assertThat(state.state().stage()).isEqualTo(PilotStages.CONTRACTED);
		assertThat(state.state().reachedAt()).containsExactly(
				Map.entry(PilotStages.SOLICITED, Instant.parse("2024-03-01T02:00:00.123456Z")),
				Map.entry(PilotStages.CONTRACTED, Instant.parse("2024-05-01T02:00:00Z")));
		assertThat(state.state().district()).isEqualTo("思明区");
		assertThat(state.state().provider()).isEqualTo("ceprei");
		assertThat(states.get(waiting).state()).isNull();
		assertThat(states.get(waiting).due()).isEqualTo(Instant.parse("2024-08-01T00:00:00Z"));

		List<StoredMilestone> milestones = store.milestonesOf(List.of(contracted, waiting)).collectList().block();
		List<Milestone> ofContracted = milestones.stream()
			.map(StoredMilestone::milestone)
			.filter((milestone) -> milestone.subject().equals(CONTRACTED))
			.toList();
		assertThat(ofContracted).extracting(Milestone::acceptedAt)
			.contains(Instant.parse("2024-03-02T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z"));
		ProgrammeHistory.Replay replay = ProgrammeHistory.replay(Programmes.pilot(), ofContracted, "ceprei",
				Instant.parse("2024-06-02T00:00:00Z"));
		assertThat(replay.state()).contains(state.state());
		for (StoredMilestone stored : milestones) {
			if (stored.milestone().subject().equals(CONTRACTED)) {
				assertThat(Verdict.sameDecision(replay.verdictOn(stored.milestone()), stored.verdict())).isTrue();
			}
		}

		BatchDecider decider = new BatchDecider(Programmes.shipped(), states, milestones, Set.of(), Map.of());
		Milestone preAcceptance = new Milestone("p", "/providers/ceprei", PilotMilestones.PRE_ACCEPTANCE, CONTRACTED,
				Instant.parse("2024-07-01T00:00:00Z"), Instant.parse("2024-07-10T00:00:00Z"), MilestoneData.none());
		assertThat(decider.arrive(new Arrival(preAcceptance, 0, null))).isEqualTo("applied");
		assertThat(decider.effects().saved().get(contracted).version()).isEqualTo(3);
		assertThat(decider.effects().saved().get(contracted).state().stage()).isEqualTo(PilotStages.PRE_ACCEPTANCE);
	}

	private static Flyway flyway(Infrastructure infrastructure, String target) {
		var configuration = Flyway.configure()
			.dataSource(infrastructure.jdbcUrl(), infrastructure.postgresUser(), infrastructure.postgresPassword())
			.schemas(SCHEMA)
			.defaultSchema(SCHEMA);
		if (target != null) {
			configuration = configuration.target(MigrationVersion.fromVersion(target));
		}
		return configuration.load();
	}

	private static DatabaseClient client(Infrastructure infrastructure) {
		ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(infrastructure.r2dbcUrl())
			.mutate()
			.option(ConnectionFactoryOptions.USER, infrastructure.postgresUser())
			.option(ConnectionFactoryOptions.PASSWORD, infrastructure.postgresPassword())
			.option(Option.valueOf("schema"), SCHEMA)
			.build();
		return DatabaseClient.create(ConnectionFactories.get(options));
	}

}

package com.pilottracker.lifecycle.processing;

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
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.ThirdProgramme;
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

	static final Instant RECENTLY = Instant.now().minus(Duration.ofDays(3));

	/** The partition whose log clock the hold-expiry test moves, the last but one. */
	static final int HOLD_EXPIRY_PARTITION_FROM_END = 2;

	static int HOLD_EXPIRY_PARTITION;

	static KafkaProducer<String, byte[]> producer;

	static TopicReader stageChanges;

	static TopicReader decisions;

	static TopicReader rejections;

	static TopicReader deadLetters;

	@Autowired
	DatabaseClient db;

	@BeforeAll
	static void connect() {
		String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
		producer();
		stageChanges = new TopicReader(bootstrap, Topics.STAGE_CHANGES);
		decisions = new TopicReader(bootstrap, Topics.MILESTONE_DECISIONS);
		rejections = new TopicReader(bootstrap, Topics.MILESTONE_REJECTIONS);
		deadLetters = new TopicReader(bootstrap, Topics.MILESTONES + Topics.DEAD_LETTER_SUFFIX);
	}

	@org.junit.jupiter.api.BeforeEach
	void partitionsKnown() {
		HOLD_EXPIRY_PARTITION = partitions() - HOLD_EXPIRY_PARTITION_FROM_END;
	}

	@AfterAll
	static void disconnect() {
		producer.close();
		producer = null;
		for (TopicReader reader : List.of(stageChanges, decisions, rejections, deadLetters)) {
			reader.close();
		}
	}

	@Test
	void appliesEachLegalStepOnceAndPublishesItWithConsecutiveVersions() {
		Uscc enterprise = newEnterprise();
		Milestone solicited = milestone(enterprise, PilotMilestones.SOLICITED, 0,
				new MilestoneData("集美区", "新能源", null, null));
		Milestone contracted = milestone(enterprise, PilotMilestones.CONTRACTED, 1,
				new MilestoneData(null, null, "ceprei", null));
		Milestone preAcceptance = milestone(enterprise, PilotMilestones.PRE_ACCEPTANCE, 2, MilestoneData.none());

		send(solicited, contracted, solicited, preAcceptance, contracted);

		List<StageChanged> changes = changes(enterprise, 3);
		assertThat(changes).extracting(StageChanged::version).containsExactly(1L, 2L, 3L);
		assertThat(changes).extracting(StageChanged::to)
			.containsExactly(PilotStages.SOLICITED, PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE);
		assertThat(changes.get(2).district()).isEqualTo("集美区");
		assertThat(changes.get(2).provider()).isEqualTo("ceprei");
		assertThat(changes.get(2).reachedAt()).containsOnlyKeys(PilotStages.SOLICITED, PilotStages.CONTRACTED,
				PilotStages.PRE_ACCEPTANCE);
		assertThat(latestDecision(preAcceptance).status()).isEqualTo(MilestoneStatus.APPLIED);
		assertThat(rows(enterprise)).isEqualTo(3);
	}

	@Test
	void holdsAContractThatArrivesBeforeItsSolicitationAndAppliesItWhenItArrives() {
		Uscc enterprise = newEnterprise();
		Milestone solicited = milestone(enterprise, PilotMilestones.SOLICITED, 0,
				new MilestoneData("翔安区", "航空无人机", null, null));
		Milestone contracted = milestone(enterprise, PilotMilestones.CONTRACTED, 1,
				new MilestoneData(null, null, "ceprei", null));

		send(contracted);

		MilestoneDecided held = latestDecision(contracted);
		assertThat(held.status()).isEqualTo(MilestoneStatus.HELD);
		assertThat(held.waitingFor()).isEqualTo(PilotStages.SOLICITED);

		send(solicited);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(latestDecision(contracted).status()).isEqualTo(MilestoneStatus.APPLIED));
		assertThat(latestDecision(contracted).decisionVersion()).isEqualTo(2);
		List<StageChanged> changes = changes(enterprise, 1);
		assertThat(changes.get(0).to()).isEqualTo(PilotStages.CONTRACTED);
		assertThat(changes.get(0).reachedAt()).containsOnlyKeys(PilotStages.SOLICITED, PilotStages.CONTRACTED);
	}

	@Test
	void rejectsAStepAfterWithdrawalAndPublishesTheRejection() {
		Uscc enterprise = newEnterprise();
		Milestone solicited = milestone(enterprise, PilotMilestones.SOLICITED, 0,
				new MilestoneData("同安区", "生物医药", null, null));
		Milestone withdrawn = milestone(enterprise, PilotMilestones.WITHDRAWN, 1, MilestoneData.none());
		Milestone contracted = milestone(enterprise, PilotMilestones.CONTRACTED, 2,
				new MilestoneData(null, null, "ceprei", null));

		send(solicited, withdrawn, contracted);

		MilestoneDecided rejected = latestDecision(contracted);
		assertThat(rejected.status()).isEqualTo(MilestoneStatus.REJECTED);
		assertThat(rejected.reason()).isEqualTo(RejectionReason.AFTER_WITHDRAWAL);
		ConsumerRecord<String, byte[]> onRejectionTopic = rejections
			.awaitRecord((record) -> contracted.id().equals(decode(record).milestoneId()), Duration.ofSeconds(30));
		assertThat(TopicReader.headers(onRejectionTopic)).containsEntry("ce_type", "pilot.milestone-rejected");
		assertThat(changes(enterprise, 2)).extracting(StageChanged::to)
			.containsExactly(PilotStages.SOLICITED, PilotStages.WITHDRAWN);
	}

	@Test
	void holdsABackFilledMilestoneDatedLongAgoForItsHoldLimitFromAcceptance() {
		Uscc enterprise = newEnterprise();
		Milestone stale = new Milestone("stale-" + enterprise.value(), "/providers/ceprei", PilotMilestones.CONTRACTED,
				enterprise, Instant.now().minus(Duration.ofDays(45)), now(),
				new MilestoneData(null, null, "ceprei", null));

		send(stale);

		MilestoneDecided decision = latestDecision(stale);
		assertThat(decision.status()).isEqualTo(MilestoneStatus.HELD);
		assertThat(decision.decidedAt()).isEqualTo(stale.acceptedAt());
	}

	/**
	 * On a partition of its own (no other test moves its log clock): a milestone accepted
	 * 40 days ago is held; a record accepted 9 days ago on the same partition moves the
	 * clock past its deadline, and it is rejected at that deadline.
	 */
	@Test
	void rejectsAHeldMilestoneAtItsDeadlineOnceTheLogOfItsPartitionPassesIt() {
		Uscc enterprise = newEnterprise();
		Instant accepted = now().minus(Duration.ofDays(40));
		Milestone preAcceptance = milestone(enterprise, PilotMilestones.PRE_ACCEPTANCE, 0, MilestoneData.none())
			.acceptedAt(accepted);
		sendTo(HOLD_EXPIRY_PARTITION, preAcceptance);
		assertThat(latestDecision(preAcceptance).status()).isEqualTo(MilestoneStatus.HELD);

		Uscc other = newEnterprise();
		sendTo(HOLD_EXPIRY_PARTITION,
				milestone(other, PilotMilestones.SOLICITED, 0, new MilestoneData("思明区", "电子信息", null, null))
					.acceptedAt(now().minus(Duration.ofDays(9))));

		await().atMost(Duration.ofSeconds(30)).until(() -> decisionVersion(preAcceptance) == 2);
		MilestoneDecided expired = latestDecision(preAcceptance);
		assertThat(expired.status()).isEqualTo(MilestoneStatus.REJECTED);
		assertThat(expired.reason()).isEqualTo(RejectionReason.PREDECESSOR_MISSING);
		assertThat(expired.decidedAt()).isEqualTo(accepted.plus(Duration.ofDays(30)));
	}

	@Test
	void deadLettersAnUnreadableRecordWithItsBytesAndKeepsThePartitionFlowing() {
		Uscc enterprise = newEnterprise();
		byte[] garbage = "{not a milestone".getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> unreadable = new ProducerRecord<>(Topics.MILESTONES, enterprise.value(),
				garbage);
		unreadable.headers().add("ce_type", "pilot.solicited".getBytes(StandardCharsets.UTF_8));
		Milestone after = milestone(enterprise, PilotMilestones.SOLICITED, 0,
				new MilestoneData("思明区", "电子信息", null, null));

		sendRecord(
				new ProducerRecord<>(Topics.MILESTONES, Math.floorMod(enterprise.value().hashCode(), partitions() - 2),
						null, enterprise.value(), garbage, unreadable.headers()));
		send(after);

		ConsumerRecord<String, byte[]> dead = deadLetters
			.awaitRecord((record) -> enterprise.value().equals(record.key()), Duration.ofSeconds(30));
		assertThat(dead.value()).isEqualTo(garbage);
		assertThat(TopicReader.headers(dead)).containsKey("kafka_dlt-exception-message")
			.containsEntry("kafka_dlt-original-topic", Topics.MILESTONES);
		assertThat(changes(enterprise, 1).get(0).to()).isEqualTo(PilotStages.SOLICITED);
	}

	@Test
	void deadLettersAMilestoneWhoseDataTheDatabaseRefusesAndDecidesTheOnesAroundIt() {
		Uscc enterprise = newEnterprise();
		Milestone before = milestone(enterprise, PilotMilestones.SOLICITED, 0,
				new MilestoneData("思明区", "电子信息", null, null));
		// a clean id too long for the primary key's index (SQLSTATE 54000): readable,
		// but no transaction that stores it can commit
		StringBuilder longId = new StringBuilder("poison-");
		ThreadLocalRandom.current()
			.ints(10_000, 0, 62)
			.forEach((i) -> longId.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(i)));
		Milestone poison = new Milestone(longId.toString(), "/providers/ceprei", PilotMilestones.CONTRACTED, enterprise,
				RECENTLY.plus(Duration.ofHours(1)), now(), new MilestoneData(null, null, "ceprei", null));
		Milestone after = milestone(enterprise, PilotMilestones.CONTRACTED, 2,
				new MilestoneData(null, null, "ceprei", null));

		send(before, poison, after);

		ConsumerRecord<String, byte[]> dead = deadLetters.awaitRecord(
				(record) -> longId.toString().equals(TopicReader.headers(record).get("ce_id")), Duration.ofSeconds(60));
		Map<String, String> headers = TopicReader.headers(dead);
		assertThat(headers).containsEntry("kafka_dlt-original-topic", Topics.MILESTONES);
		assertThat(headers.get("kafka_dlt-exception-message")).contains("index row");
		assertThat(headers.get("kafka_dlt-exception-stacktrace")).contains("UnprocessableRecordException");
		assertThat(changes(enterprise, 2)).extracting(StageChanged::to)
			.containsExactly(PilotStages.SOLICITED, PilotStages.CONTRACTED);
		assertThat(latestDecision(after).status()).isEqualTo(MilestoneStatus.APPLIED);
		assertThat(rows(enterprise)).isEqualTo(2);
	}

	@Test
	void deadLettersAMilestoneHoldingANulBeforeItReachesATable() {
		Uscc enterprise = newEnterprise();
		Milestone poison = new Milestone("nul-" + enterprise.value(), "/programme-office", PilotMilestones.SOLICITED,
				enterprise, RECENTLY, now(), new MilestoneData("思明区", "电子信息", null, "poison\u0000name"));
		Milestone after = milestone(enterprise, PilotMilestones.SOLICITED, 1,
				new MilestoneData("思明区", "电子信息", null, null));

		send(poison, after);

		ConsumerRecord<String, byte[]> dead = deadLetters.awaitRecord(
				(record) -> poison.id().equals(TopicReader.headers(record).get("ce_id")), Duration.ofSeconds(30));
		assertThat(TopicReader.headers(dead).get("kafka_dlt-exception-message"))
			.contains("data.enterpriseName holds a NUL character");
		assertThat(changes(enterprise, 1).get(0).to()).isEqualTo(PilotStages.SOLICITED);
		assertThat(rows(enterprise)).isEqualTo(1);
	}

	@Test
	void decidesTheMilestonesOfAProgrammeTheOfficeDefinedAndDeadLettersThoseAcceptedBeforeIt() {
		String id = ThirdProgramme.uniqueId("diagnosis");
		Programme programme = ThirdProgramme.definition(id);
		MilestoneType diagnosed = programme.stages().get(0).milestone();
		MilestoneType retrofit = programme.stages().get(1).milestone();
		Instant definedAt = now();
		Uscc early = newEnterprise();
		Uscc enterprise = newEnterprise();
		MilestoneData data = new MilestoneData("思明区", "电子信息", null, null);
		Milestone tooEarly = new Milestone("early-" + early.value(), "/programme-office", diagnosed, early, RECENTLY,
				definedAt.minusSeconds(60), data);
		// the lifecycle may read these before its catalog reads the definition: it waits
		// for the catalog rather than dead-lettering a type it does not know yet
		Milestone first = new Milestone("d-" + enterprise.value(), "/programme-office", diagnosed, enterprise, RECENTLY,
				definedAt.plusMillis(1), data);
		Milestone second = new Milestone("r-" + enterprise.value(), "/programme-office", retrofit, enterprise,
				RECENTLY.plus(Duration.ofDays(1)), definedAt.plusMillis(2), MilestoneData.none());

		send(second, first);
		sendRecord(ThirdProgramme.revisionRecord(programme, definedAt));

		// the retrofit waits for the diagnosis; both apply together, as one change
		StageChanged change = changes(enterprise, 1).get(0);
		assertThat(change.programme()).isEqualTo(id);
		assertThat(change.to()).isEqualTo(programme.stages().get(1).stage());
		assertThat(change.reachedAt()).containsOnlyKeys(programme.stages().get(0).stage(),
				programme.stages().get(1).stage());
		// read now, when the lifecycle knows the programme, as a replay would: accepted
		// before the programme was defined, it is not the programme's
		send(tooEarly);
		ConsumerRecord<String, byte[]> dead = deadLetters
			.awaitRecord((candidate) -> early.value().equals(candidate.key()), Duration.ofSeconds(30));
		assertThat(TopicReader.headers(dead).get("kafka_dlt-exception-message"))
			.contains("no programme declares the milestone type '" + diagnosed.value() + "'");
	}

	private List<StageChanged> changes(Uscc enterprise, int expected) {
		List<StageChanged> changes = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			collect(enterprise, changes);
			assertThat(changes).hasSizeGreaterThanOrEqualTo(expected);
		});
		assertThat(changes).hasSize(expected);
		changes.sort(java.util.Comparator.comparingLong(StageChanged::version));
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

	/**
	 * The milestone's latest decision on the decisions topic, once all its decisions so
	 * far are there.
	 */
	private MilestoneDecided latestDecision(Milestone milestone) {
		long version = await().atMost(Duration.ofSeconds(30))
			.until(() -> decisionVersion(milestone), (stored) -> stored != null && stored > 0);
		ConsumerRecord<String, byte[]> record = decisions.awaitRecord((candidate) -> {
			MilestoneDecided decision = decode(candidate);
			return decision.milestoneId().equals(milestone.id()) && decision.decisionVersion() == version;
		}, Duration.ofSeconds(30));
		return decode(record);
	}

	private Long decisionVersion(Milestone milestone) {
		return this.db.sql("SELECT decision_version FROM milestone WHERE source = :s AND id = :id")
			.bind("s", milestone.source())
			.bind("id", milestone.id())
			.map((row) -> row.get("decision_version", Long.class))
			.one()
			.blockOptional()
			.orElse(0L);
	}

	private long rows(Uscc enterprise) {
		return this.db.sql("SELECT count(*) AS n FROM milestone WHERE uscc = :uscc")
			.bind("uscc", enterprise.value())
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private static MilestoneDecided decode(ConsumerRecord<String, byte[]> record) {
		return MilestoneDecidedCodec.decode(wire(record));
	}

	/**
	 * Sends each milestone as the gateway does, its acceptance time as the record's
	 * timestamp, to a partition of the first ones by its key: the last two partitions are
	 * kept for tests that move their log clock ({@link #HOLD_EXPIRY_PARTITION},
	 * {@code LogClockReplayIntegrationTests}).
	 */
	static void send(Milestone... milestones) {
		for (Milestone milestone : milestones) {
			sendTo(Math.floorMod(milestone.subject().value().hashCode(), partitions() - 2), milestone);
		}
	}

	static void sendTo(int partition, Milestone milestone) {
		WireRecord wire = MilestoneCodec.encode(milestone);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MILESTONES, partition,
				(wire.timestamp() != null) ? wire.timestamp().toEpochMilli() : null, wire.key(), wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		sendRecord(record);
	}

	static int partitions() {
		return producer().partitionsFor(Topics.MILESTONES).size();
	}

	/** The producer of every test of the lifecycle's that sends milestones. */
	static synchronized KafkaProducer<String, byte[]> producer() {
		if (producer == null) {
			producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(), "acks", "all"),
					new StringSerializer(), new ByteArraySerializer());
		}
		return producer;
	}

	/** Now, to the millisecond, as a Kafka timestamp keeps it. */
	static Instant now() {
		return Instant.ofEpochMilli(System.currentTimeMillis());
	}

	private static void sendRecord(ProducerRecord<String, byte[]> record) {
		try {
			producer().send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static WireRecord wire(ConsumerRecord<String, byte[]> record) {
		return new WireRecord(record.key(), TopicReader.headers(record), record.value());
	}

	static Milestone milestone(Uscc enterprise, MilestoneType type, int day, MilestoneData data) {
		return new Milestone(type.value() + "-" + enterprise.value(), source(type), type, enterprise,
				RECENTLY.plus(Duration.ofHours(day)), now(), data);
	}

	/**
	 * The office solicits and withdraws; the provider the tests' contracts name, ceprei,
	 * reports the rest.
	 */
	static String source(MilestoneType type) {
		return (type == PilotMilestones.SOLICITED || type == PilotMilestones.WITHDRAWN) ? "/programme-office"
				: "/providers/ceprei";
	}

	static Uscc newEnterprise() {
		StringBuilder code = new StringBuilder("91350211");
		for (int i = 0; i < 9; i++) {
			code.append(Uscc.ALPHABET.charAt(ThreadLocalRandom.current().nextInt(Uscc.ALPHABET.length())));
		}
		return new Uscc(code.toString() + Uscc.checkCharacterFor(code.toString()));
	}

}

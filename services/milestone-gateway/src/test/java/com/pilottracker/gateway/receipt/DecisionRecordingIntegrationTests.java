package com.pilottracker.gateway.receipt;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of one Kafka batch are recorded with one statement: what each receipt
 * ends with must be what taking them one by one gives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class DecisionRecordingIntegrationTests {

	private static final String SOURCE = "/programme-office";

	private static final Uscc ENTERPRISE = new Uscc("91350206MA2YQ8LX3N");

	@Autowired
	ReceiptStore receipts;

	@Test
	void keepsTheLatestDecisionOfEachMilestoneWhateverTheOrderInTheBatch() {
		String first = UUID.randomUUID().toString();
		String second = UUID.randomUUID().toString();

		this.receipts
			.recordAll(List.of(held(first, 1), rejected(second, 3), applied(first, 2), held(second, 1), held(first, 1)))
			.block();

		Receipt firstReceipt = receipt(first);
		assertThat(firstReceipt.status()).isEqualTo(MilestoneStatus.APPLIED);
		assertThat(firstReceipt.waitingFor()).isNull();
		Receipt secondReceipt = receipt(second);
		assertThat(secondReceipt.status()).isEqualTo(MilestoneStatus.REJECTED);
		assertThat(secondReceipt.reason()).isEqualTo(RejectionReason.AFTER_WITHDRAWAL);
		assertThat(secondReceipt.detail()).isEqualTo("rejected v3");
		assertThat(secondReceipt.subject()).isEqualTo(ENTERPRISE.value());
	}

	@Test
	void neverReplacesALaterDecisionWithAnEarlierOne() {
		String id = UUID.randomUUID().toString();
		this.receipts.recordAll(List.of(applied(id, 2))).block();

		this.receipts.recordAll(List.of(held(id, 1))).block();

		assertThat(receipt(id).status()).isEqualTo(MilestoneStatus.APPLIED);

		this.receipts.recordAll(List.of(rejected(id, 3))).block();

		assertThat(receipt(id).status()).isEqualTo(MilestoneStatus.REJECTED);
	}

	@Test
	void createsThePublishedReceiptOfAMilestoneTheGatewayNeverReceived() {
		String id = UUID.randomUUID().toString();

		this.receipts.recordAll(List.of(held(id, 1))).block();

		ReceiptStore.Stored stored = this.receipts.stored(new ReceiptKey(SOURCE, id)).block();
		assertThat(stored).isNotNull();
		assertThat(stored.published()).isTrue();
		assertThat(stored.bodyHash()).isNull();
		assertThat(stored.receipt().status()).isEqualTo(MilestoneStatus.HELD);
		assertThat(stored.receipt().waitingFor()).isEqualTo(PilotStages.SOLICITED.name());
	}

	private Receipt receipt(String id) {
		Receipt receipt = this.receipts.find(SOURCE, id).block();
		assertThat(receipt).as("receipt of %s", id).isNotNull();
		return receipt;
	}

	private static MilestoneDecided held(String id, long version) {
		return decision(id, MilestoneStatus.HELD, null, PilotStages.SOLICITED, version);
	}

	private static MilestoneDecided applied(String id, long version) {
		return decision(id, MilestoneStatus.APPLIED, null, null, version);
	}

	private static MilestoneDecided rejected(String id, long version) {
		return decision(id, MilestoneStatus.REJECTED, RejectionReason.AFTER_WITHDRAWAL, null, version);
	}

	private static MilestoneDecided decision(String id, MilestoneStatus status, RejectionReason reason,
			Stage waitingFor, long version) {
		return new MilestoneDecided(MilestoneDecidedCodec.eventIdFor(SOURCE, id, version), ENTERPRISE, SOURCE, id,
				PilotMilestones.CONTRACTED, Instant.parse("2024-03-05T01:30:00Z"), status, reason,
				status.name().toLowerCase(java.util.Locale.ROOT) + " v" + version, waitingFor, version, Instant.now());
	}

}

package com.pilottracker.gateway.receipt;

import java.util.List;

import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.RecordBatches;
import com.pilottracker.kafka.Records;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#MILESTONE_DECISIONS} and keeps each receipt's status at the
 * milestone's latest decision. Taking a decision twice changes nothing (the decision
 * version only grows), so offsets are committed after the batch's statement.
 */
@Component
class DecisionListener {

	private final RecordBatches<MilestoneDecided> batches;

	DecisionListener(ReceiptStore receipts) {
		this.batches = new RecordBatches<>((record) -> MilestoneDecidedCodec.decode(Records.wire(record)),
				(batch) -> receipts.recordAll(batch.items()).block(), () -> {
				});
	}

	@KafkaListener(id = "milestone-gateway", topics = Topics.MILESTONE_DECISIONS, batch = "true")
	void onDecisions(List<ConsumerRecord<String, byte[]>> records) {
		this.batches.consume(records);
	}

}

package com.pilottracker.gateway.receipt;

import java.util.ArrayList;
import java.util.List;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.Records;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#MILESTONE_DECISIONS} and keeps each receipt's status at the
 * milestone's latest decision. Taking a decision twice changes nothing (the decision
 * version only grows), so offsets are committed after the batch's statement.
 */
@Component
class DecisionListener {

	private static final Logger logger = LoggerFactory.getLogger(DecisionListener.class);

	private final ReceiptStore receipts;

	DecisionListener(ReceiptStore receipts) {
		this.receipts = receipts;
	}

	@KafkaListener(id = "milestone-gateway", topics = Topics.MILESTONE_DECISIONS, batch = "true")
	void onDecisions(List<ConsumerRecord<String, byte[]>> records) {
		List<MilestoneDecided> decisions = new ArrayList<>(records.size());
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, byte[]> record = records.get(index);
			try {
				decisions.add(MilestoneDecidedCodec.decode(Records.wire(record)));
			}
			catch (MalformedEventException ex) {
				record(decisions);
				logger.error("Dead-lettering unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), ex.getMessage());
				throw new BatchListenerFailedException(ex.getMessage(), ex, index);
			}
		}
		record(decisions);
	}

	private void record(List<MilestoneDecided> decisions) {
		if (decisions.isEmpty()) {
			return;
		}
		try {
			this.receipts.recordAll(decisions).block();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record {} decisions; the batch will be retried: {}", decisions.size(),
					ex.toString());
			throw ex;
		}
	}

}

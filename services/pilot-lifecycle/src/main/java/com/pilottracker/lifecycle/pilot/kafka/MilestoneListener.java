package com.pilottracker.lifecycle.pilot.kafka;

import java.util.List;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.lifecycle.pilot.processing.MilestoneProcessor;
import com.pilottracker.kafka.RecordBatches;
import com.pilottracker.kafka.Records;
import com.pilottracker.kafka.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#MILESTONES} in batches (read-committed) and hands each batch to
 * the {@link MilestoneProcessor}; offsets are committed after the batch's transaction. A
 * record that cannot be read, or whose milestone the database refuses, is dead-lettered
 * and the partition goes on ({@link RecordBatches}).
 */
@Component
class MilestoneListener {

	private final RecordBatches<Milestone> batches;

	MilestoneListener(MilestoneProcessor processor, MeterRegistry meters) {
		Counter unreadable = Counter.builder("pilot.milestones.unreadable")
			.description("Records on the milestone topic that could not be read as a milestone or whose data the "
					+ "database refused (dead-lettered)")
			.register(meters);
		this.batches = new RecordBatches<>((record) -> MilestoneCodec.decode(Records.wire(record)),
				(batch) -> processor.process(batch.items(), batch.records().stream().map(Traces::traceparent).toList()),
				unreadable::increment);
	}

	@KafkaListener(id = "pilot-lifecycle", topics = Topics.MILESTONES, batch = "true")
	void onMilestones(List<ConsumerRecord<String, byte[]>> records) {
		this.batches.consume(records);
	}

}

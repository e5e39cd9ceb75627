package com.pilottracker.lifecycle.pilot.kafka;

import java.util.ArrayList;
import java.util.List;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.lifecycle.pilot.processing.MilestoneProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.pilottracker.kafka.Records;
import com.pilottracker.kafka.Traces;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#MILESTONES} in batches (read-committed) and hands each batch to
 * the {@link MilestoneProcessor}; offsets are committed after the batch's transaction.
 */
@Component
class MilestoneListener {

	private static final Logger logger = LoggerFactory.getLogger(MilestoneListener.class);

	private final MilestoneProcessor processor;

	private final Counter unreadable;

	MilestoneListener(MilestoneProcessor processor, MeterRegistry meters) {
		this.processor = processor;
		this.unreadable = Counter.builder("pilot.milestones.unreadable")
			.description("Records on the milestone topic that could not be read as a milestone (dead-lettered)")
			.register(meters);
	}

	@KafkaListener(id = "pilot-lifecycle", topics = Topics.MILESTONES, batch = "true")
	void onMilestones(List<ConsumerRecord<String, byte[]>> records) {
		List<Milestone> milestones = new ArrayList<>(records.size());
		List<String> traces = new ArrayList<>(records.size());
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, byte[]> record = records.get(index);
			try {
				milestones.add(MilestoneCodec.decode(Records.wire(record)));
				traces.add(Traces.traceparent(record));
			}
			catch (MalformedEventException ex) {
				// decide what came before it, then let the error handler dead-letter it
				// and go on
				decide(milestones, traces);
				this.unreadable.increment();
				logger.error("Dead-lettering unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), ex.getMessage());
				throw new BatchListenerFailedException(ex.getMessage(), ex, index);
			}
		}
		decide(milestones, traces);
	}

	private void decide(List<Milestone> milestones, List<String> traces) {
		try {
			this.processor.process(milestones, traces);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not decide {} milestones; the batch will be retried: {}", milestones.size(),
					ex.toString());
			throw ex;
		}
	}

}

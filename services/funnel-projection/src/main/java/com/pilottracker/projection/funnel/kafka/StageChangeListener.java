package com.pilottracker.projection.funnel.kafka;

import java.util.ArrayList;
import java.util.List;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.projection.funnel.store.FunnelStore;
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
 * Consumes {@link Topics#STAGE_CHANGES} in batches (read-committed) and applies each
 * batch in one transaction; offsets are committed after it.
 */
@Component
class StageChangeListener {

	private static final Logger logger = LoggerFactory.getLogger(StageChangeListener.class);

	private final FunnelStore store;

	private final Counter applied;

	private final Counter duplicates;

	private final Counter unreadable;

	StageChangeListener(FunnelStore store, MeterRegistry meters) {
		this.store = store;
		this.applied = Counter.builder("pilot.projection.changes")
			.description("Stage changes the projection consumed, by outcome")
			.tag("outcome", "applied")
			.register(meters);
		this.duplicates = Counter.builder("pilot.projection.changes").tag("outcome", "duplicate").register(meters);
		this.unreadable = Counter.builder("pilot.projection.changes").tag("outcome", "unreadable").register(meters);
	}

	@KafkaListener(id = "funnel-projection", topics = Topics.STAGE_CHANGES, batch = "true")
	void onStageChanges(List<ConsumerRecord<String, byte[]>> records) {
		List<StageChanged> changes = new ArrayList<>(records.size());
		List<String> traces = new ArrayList<>(records.size());
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, byte[]> record = records.get(index);
			try {
				changes.add(StageChangedCodec.decode(Records.wire(record)));
				traces.add(Traces.traceparent(record));
			}
			catch (MalformedEventException ex) {
				// apply what came before it, then let the error handler dead-letter it
				// and go on
				apply(changes, traces);
				this.unreadable.increment();
				logger.error("Dead-lettering unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), ex.getMessage());
				throw new BatchListenerFailedException(ex.getMessage(), ex, index);
			}
		}
		apply(changes, traces);
	}

	private void apply(List<StageChanged> changes, List<String> traces) {
		if (changes.isEmpty()) {
			return;
		}
		int count;
		try {
			count = this.store.apply(changes, traces).block();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not apply {} stage changes; the batch will be retried: {}", changes.size(),
					ex.toString());
			throw ex;
		}
		this.applied.increment(count);
		this.duplicates.increment(changes.size() - count);
	}

}

package com.pilottracker.projection.funnel.kafka;

import java.util.List;

import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.projection.funnel.store.FunnelStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.pilottracker.kafka.RecordBatches;
import com.pilottracker.kafka.Records;
import com.pilottracker.kafka.Traces;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#STAGE_CHANGES} in batches (read-committed) and applies each
 * batch in one transaction; offsets are committed after it.
 */
@Component
class StageChangeListener {

	private final FunnelStore store;

	private final Counter applied;

	private final Counter duplicates;

	private final RecordBatches<StageChanged> batches;

	StageChangeListener(FunnelStore store, MeterRegistry meters) {
		this.store = store;
		this.applied = Counter.builder("pilot.projection.changes")
			.description("Stage changes the projection consumed, by outcome")
			.tag("outcome", "applied")
			.register(meters);
		this.duplicates = Counter.builder("pilot.projection.changes").tag("outcome", "duplicate").register(meters);
		Counter unreadable = Counter.builder("pilot.projection.changes").tag("outcome", "unreadable").register(meters);
		this.batches = new RecordBatches<>((record) -> StageChangedCodec.decode(Records.wire(record)), this::apply,
				unreadable::increment);
	}

	@KafkaListener(id = "funnel-projection", topics = Topics.STAGE_CHANGES, batch = "true")
	void onStageChanges(List<ConsumerRecord<String, byte[]>> records) {
		this.batches.consume(records);
	}

	private void apply(RecordBatches.Batch<StageChanged> batch) {
		List<StageChanged> changes = batch.items();
		int count = this.store.apply(changes, batch.records().stream().map(Traces::traceparent).toList()).block();
		this.applied.increment(count);
		this.duplicates.increment(changes.size() - count);
	}

}

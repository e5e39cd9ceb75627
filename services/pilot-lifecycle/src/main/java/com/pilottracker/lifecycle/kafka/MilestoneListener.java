package com.pilottracker.lifecycle.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.kafka.RecordBatches;
import com.pilottracker.kafka.Records;
import com.pilottracker.kafka.Traces;
import com.pilottracker.lifecycle.deciding.Arrival;
import com.pilottracker.lifecycle.processing.MilestoneProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#MILESTONES} in batches (read-committed) and hands each batch to
 * the {@link MilestoneProcessor}, each milestone with its acceptance time (the record's
 * timestamp) and its partition (whose log clock it moves); offsets are committed after
 * the batch's transaction. A record that cannot be read, or whose milestone the database
 * refuses, is dead-lettered and the partition goes on ({@link RecordBatches}).
 * <p>
 * A milestone whose type no programme of the catalog declares is dead-lettered as
 * unreadable too, rather than rejected: a rejection is a decision in a programme (its
 * receipt, its {@code ce_programme}, its version), and there is no programme to decide it
 * in, nor a reason code that would mean anything to the reporter. The gateway accepts
 * only declared types, so such a record was written past it, or by a release that knows a
 * programme this one does not; the dead letter keeps its bytes, to be posted again once
 * the programme is known. Either way the partition flows on.
 */
@Component
class MilestoneListener {

	/** How long a record of an unknown type waits for the programme catalog. */
	private static final Duration CATALOG_WAIT = Duration.ofSeconds(10);

	private final RecordBatches<Arrival> batches;

	MilestoneListener(MilestoneProcessor processor, ProgrammeCatalog catalog, MeterRegistry meters) {
		Counter unreadable = Counter.builder("pilot.milestones.unreadable")
			.description("Records on the milestone topic that could not be read as a milestone of a known programme "
					+ "or whose data the database refused (dead-lettered)")
			.register(meters);
		this.batches = new RecordBatches<>((record) -> arrival(record, catalog),
				(batch) -> processor.process(batch.items()), unreadable::increment);
	}

	@KafkaListener(id = "pilot-lifecycle", groupId = "${spring.kafka.consumer.group-id}", topics = Topics.MILESTONES,
			batch = "true")
	void onMilestones(List<ConsumerRecord<String, byte[]>> records) {
		this.batches.consume(records);
	}

	/**
	 * The milestone of a record, if a programme declared its type when the gateway
	 * accepted it. A type the catalog does not know is dead-lettered only once the
	 * catalog has read {@link Topics#PROGRAMMES} to its end after that time: until then
	 * the type may be of a programme the office has just defined, and the batch is
	 * retried.
	 */
	static Arrival arrival(ConsumerRecord<String, byte[]> record, ProgrammeCatalog catalog) {
		if (record.timestamp() < 0) {
			throw new MalformedEventException("the record has no timestamp: no acceptance time");
		}
		WireRecord wire = Records.wire(record);
		Milestone milestone = MilestoneCodec
			.decode(new WireRecord(wire.key(), wire.headers(), wire.value(), Instant.ofEpochMilli(record.timestamp())));
		Instant acceptedAt = milestone.acceptedAt();
		if (catalog.declaring(milestone.type().value(), acceptedAt).isEmpty()
				&& !catalog.awaitCaughtUp(acceptedAt, CATALOG_WAIT)) {
			throw new IllegalStateException("the programme catalog has not read " + Topics.PROGRAMMES
					+ " past the milestone's acceptance time yet; the batch is tried again");
		}
		if (catalog.declaring(milestone.type().value(), acceptedAt).isEmpty()) {
			throw new MalformedEventException(
					"no programme declares the milestone type '" + Text.forLog(milestone.type().value()) + "'");
		}
		return new Arrival(milestone, record.partition(), Traces.traceparent(record));
	}

}

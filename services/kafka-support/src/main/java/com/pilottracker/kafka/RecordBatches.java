package com.pilottracker.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Text;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * How every batch listener takes its records, so that no record can stop the ones behind
 * it:
 * <ol>
 * <li>each record is decoded; the records before the first that cannot be read are
 * processed, and that one is dead-lettered
 * ({@link PilotKafka#deadLetterOrRetryForever});</li>
 * <li>the decoded records are processed together, in one go;</li>
 * <li>if that fails for a reason retrying will not change ({@link Failures#isPermanent}:
 * the database refuses a value, say), they are processed again one at a time, in order,
 * to find the record that fails: the ones before it are processed, it is dead-lettered
 * with the error, and the partition goes on after it;</li>
 * <li>any other failure (the database or the broker away, a lost serialization race) is
 * rethrown: the error handler retries it without limit, from the first record not yet
 * processed.</li>
 * </ol>
 * Processing must be idempotent (it is, in every service: by source and id, by version),
 * since a batch retried after a failure meets records it processed before.
 *
 * @param <T> what a record decodes to
 */
public final class RecordBatches<T> {

	private static final Logger logger = LoggerFactory.getLogger(RecordBatches.class);

	private final Decoder<T> decoder;

	private final Consumer<Batch<T>> processor;

	private final Runnable onDeadLetter;

	/**
	 * @param decoder reads a record; throws {@link MalformedEventException} for one it
	 * cannot
	 * @param processor processes decoded records together, in their order; returns once
	 * they are durable
	 * @param onDeadLetter called for each record set aside (the listener's own counter)
	 */
	public RecordBatches(Decoder<T> decoder, Consumer<Batch<T>> processor, Runnable onDeadLetter) {
		this.decoder = decoder;
		this.processor = processor;
		this.onDeadLetter = onDeadLetter;
	}

	/**
	 * Takes a batch as the listener received it.
	 * @throws BatchListenerFailedException naming the record to dead-letter or to retry
	 * from
	 */
	public void consume(List<ConsumerRecord<String, byte[]>> records) {
		List<T> decoded = new ArrayList<>(records.size());
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, byte[]> record = records.get(index);
			try {
				decoded.add(this.decoder.decode(record));
			}
			catch (MalformedEventException ex) {
				// process what came before it, then let the error handler dead-letter it
				process(new Batch<>(decoded, records.subList(0, index)));
				throw setAside(record, index, ex, "unreadable");
			}
		}
		process(new Batch<>(decoded, records));
	}

	private void process(Batch<T> batch) {
		if (batch.items().isEmpty()) {
			return;
		}
		try {
			this.processor.accept(batch);
		}
		catch (RuntimeException ex) {
			if (!Failures.isPermanent(ex)) {
				logger.warn("Could not process {} records from {}; they will be retried: {}", batch.items().size(),
						where(batch.records().get(0)), Failures.summarise(ex));
				throw ex;
			}
			logger.warn(
					"{} records from {} failed for a reason retrying will not change ({}); processing them "
							+ "one at a time to find the record",
					batch.items().size(), where(batch.records().get(0)), Failures.summarise(ex));
			oneAtATime(batch);
		}
	}

	private void oneAtATime(Batch<T> batch) {
		for (int index = 0; index < batch.items().size(); index++) {
			ConsumerRecord<String, byte[]> record = batch.records().get(index);
			try {
				this.processor.accept(new Batch<>(List.of(batch.items().get(index)), List.of(record)));
			}
			catch (RuntimeException ex) {
				if (!Failures.isPermanent(ex)) {
					// the records before it are done: retry from this one
					throw new BatchListenerFailedException("could not process " + where(record), ex, index);
				}
				throw setAside(record, index, ex, "unprocessable");
			}
		}
	}

	private BatchListenerFailedException setAside(ConsumerRecord<String, byte[]> record, int index,
			RuntimeException cause, String what) {
		this.onDeadLetter.run();
		// also the dead letter's exception header: shown safely wherever it is read
		String message = Text.forLog(Failures.describe(cause), 500);
		logger.error("Dead-lettering {} record {}: {}", what, where(record), Failures.summarise(cause));
		RuntimeException reason = (cause instanceof MalformedEventException) ? cause
				: new UnprocessableRecordException(message, cause);
		return new BatchListenerFailedException(message, reason, index);
	}

	private static String where(ConsumerRecord<String, byte[]> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	/**
	 * Reads one record.
	 *
	 * @param <T> what it decodes to
	 */
	@FunctionalInterface
	public interface Decoder<T> {

		T decode(ConsumerRecord<String, byte[]> record);

	}

	/**
	 * Decoded records with the records they came from, index for index.
	 *
	 * @param <T> what a record decodes to
	 * @param items the decoded records
	 * @param records where each came from (for its headers: the trace it carried)
	 */
	public record Batch<T>(List<T> items, List<ConsumerRecord<String, byte[]>> records) {

	}

}

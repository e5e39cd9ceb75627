package com.pilottracker.projection.funnel.rebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.Records;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * {@link Topics#STAGE_CHANGES} read from its first offset by a rebuild: an assigned
 * consumer ({@code read_committed}) that never commits, so the live group's offsets stay
 * as they are. Records that cannot be read are counted and skipped, as the live listener
 * dead-letters them and goes on. Not thread-safe: one thread at a time.
 */
final class StageChangeLog implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Records a poll brings at most: a batch is read in several polls, and stops before
	 * one could take it beyond its size (a poll's records are all taken).
	 */
	static final int POLL = 1_000;

	private final Consumer<String, byte[]> consumer;

	private final List<TopicPartition> partitions = new ArrayList<>();

	private final Duration stallTimeout;

	private final int poll;

	private long read;

	private long unreadable;

	StageChangeLog(ConsumerFactory<String, byte[]> consumers, int batch, Duration stallTimeout) {
		this.stallTimeout = stallTimeout;
		this.poll = Math.min(batch, POLL);
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// a batch (10,000 changes are ~5 MB as records, more once read) is read in polls
		// of at most POLL records, so that it keeps to its size: polls of a whole batch
		// took it to nearly twice that, and two such batches at once (one read, one being
		// applied) filled the old generation of a service's heap (-Xmx160m), which the
		// collector then emptied over and over. A fetch brings more of a partition than
		// the default 1 MB; but a fetch response is one buffer, and the default 50 MB of
		// it does not fit the heap beside the batch being applied
		overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(this.poll));
		overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(2 * 1024 * 1024));
		overrides.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
		this.consumer = consumers.createConsumer(null, "funnel-projection-rebuild", null, overrides);
		try {
			for (PartitionInfo partition : this.consumer.partitionsFor(Topics.STAGE_CHANGES, TIMEOUT)) {
				this.partitions.add(new TopicPartition(partition.topic(), partition.partition()));
			}
			this.consumer.assign(this.partitions);
			this.consumer.seekToBeginning(this.partitions);
		}
		catch (RuntimeException ex) {
			this.consumer.close();
			throw ex;
		}
	}

	/** The end of every partition now: the offsets after the last committed record. */
	Map<TopicPartition, Long> end() {
		return new HashMap<>(this.consumer.endOffsets(this.partitions, TIMEOUT));
	}

	/** Where the reading stands, to come back to with {@link #seek}. */
	Mark mark() {
		Map<TopicPartition, Long> positions = new HashMap<>();
		for (TopicPartition partition : this.partitions) {
			positions.put(partition, this.consumer.position(partition, TIMEOUT));
		}
		return new Mark(positions, this.read, this.unreadable);
	}

	/** Reads again from {@code mark}, as if nothing after it had been read. */
	void seek(Mark mark) {
		mark.positions().forEach(this.consumer::seek);
		this.read = mark.read();
		this.unreadable = mark.unreadable();
	}

	boolean caughtUp(Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
			if (this.consumer.position(partition.getKey(), TIMEOUT) < partition.getValue()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The next changes before {@code end}, at most {@code max}, in the log's order per
	 * partition; fewer (even none) once caught up.
	 * @throws IllegalStateException if nothing could be read for the stall timeout (the
	 * broker is gone, say)
	 */
	List<StageChanged> next(Map<TopicPartition, Long> end, int max) {
		List<StageChanged> changes = new ArrayList<>();
		long progressAt = System.nanoTime();
		long position = position();
		// one more poll could go beyond max once fewer than a poll's records are missing
		while ((changes.isEmpty() || changes.size() <= max - this.poll) && !caughtUp(end)) {
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(500))) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				long partitionEnd = end.get(partition);
				if (record.offset() >= partitionEnd) {
					// beyond this pass: the next pass reads it again
					this.consumer.seek(partition, partitionEnd);
					continue;
				}
				this.read++;
				try {
					changes.add(StageChangedCodec.decode(Records.wire(record)));
				}
				catch (MalformedEventException ex) {
					// dead-lettered by the live listener, skipped here
					this.unreadable++;
				}
			}
			long now = position();
			if (now != position) {
				position = now;
				progressAt = System.nanoTime();
			}
			else if (System.nanoTime() - progressAt > this.stallTimeout.toNanos()) {
				throw new IllegalStateException("the rebuild read nothing from " + Topics.STAGE_CHANGES + " for "
						+ this.stallTimeout.toSeconds() + " s");
			}
		}
		return changes;
	}

	/** Every change before {@code end}. */
	List<StageChanged> rest(Map<TopicPartition, Long> end) {
		List<StageChanged> changes = new ArrayList<>();
		while (!caughtUp(end)) {
			changes.addAll(next(end, Integer.MAX_VALUE));
		}
		return changes;
	}

	private long position() {
		long sum = 0;
		for (TopicPartition partition : this.partitions) {
			sum += this.consumer.position(partition, TIMEOUT);
		}
		return sum;
	}

	long read() {
		return this.read;
	}

	long unreadable() {
		return this.unreadable;
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/**
	 * Where a reading stood.
	 *
	 * @param positions the next offset per partition
	 * @param read records read by then
	 * @param unreadable records skipped by then
	 */
	record Mark(Map<TopicPartition, Long> positions, long read, long unreadable) {
	}

}

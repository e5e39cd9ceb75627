package com.pilottracker.projection.funnel.rebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.store.FunnelStore;
import com.pilottracker.projection.funnel.web.FunnelGauges;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import com.pilottracker.kafka.Records;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Service;

/**
 * Rebuilds the projection from {@link Topics#STAGE_CHANGES}: the live listener of this
 * instance is paused, the tables are emptied, every change in the log up to its current
 * end is applied again from the first offset, and the live listener resumes where it
 * stopped (changes it sees again are duplicates by version and change nothing).
 * <p>
 * Because changes are applied by version, a rebuild is safe while other instances keep
 * consuming: a change they try to apply ahead of the rebuild waits (retried) until the
 * rebuild has caught up with its enterprise. While a rebuild runs, the funnel shows
 * partial figures.
 */
@Service
public class ProjectionRebuild {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionRebuild.class);

	private static final String LISTENER = "funnel-projection";

	/**
	 * Changes applied per transaction: a batch costs a few statements whatever its size,
	 * so a rebuild takes bigger ones than the live listener.
	 */
	static final int BATCH = 10_000;

	private final FunnelStore store;

	private final FunnelGauges gauges;

	private final KafkaListenerEndpointRegistry listeners;

	private final ConsumerFactory<String, byte[]> consumers;

	private final ReentrantLock running = new ReentrantLock();

	ProjectionRebuild(FunnelStore store, FunnelGauges gauges, KafkaListenerEndpointRegistry listeners,
			ConsumerFactory<String, byte[]> consumers) {
		this.store = store;
		this.gauges = gauges;
		this.listeners = listeners;
		this.consumers = consumers;
	}

	/**
	 * Rebuilds the projection and returns what it replayed.
	 * @throws RebuildInProgressException if a rebuild is already running here
	 */
	public Result rebuild() {
		if (!this.running.tryLock()) {
			throw new RebuildInProgressException();
		}
		long started = System.nanoTime();
		MessageListenerContainer live = this.listeners.getListenerContainer(LISTENER);
		try {
			pause(live);
			this.store.truncate().block();
			Result result = replay(started);
			this.gauges.refresh();
			logger.info("Rebuilt the projection: {} changes ({} applied) in {} ms", result.changesRead(),
					result.changesApplied(), result.millis());
			return result;
		}
		finally {
			if (live != null) {
				live.resume();
			}
			this.running.unlock();
		}
	}

	private Result replay(long started) {
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// a poll may bring a whole batch (10,000 changes are ~5 MB), and a fetch more of
		// a partition than the default 1 MB; but a fetch response is one buffer, and the
		// default 50 MB of it does not fit a service's heap (-Xmx160m) beside the batch
		// being applied
		overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(BATCH));
		overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(2 * 1024 * 1024));
		overrides.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
		// assigned partitions, never a commit: the rebuild leaves the group's offsets
		// alone
		try (Consumer<String, byte[]> consumer = this.consumers.createConsumer(null, "funnel-projection-rebuild", null,
				overrides)) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (PartitionInfo partition : consumer.partitionsFor(Topics.STAGE_CHANGES, Duration.ofSeconds(30))) {
				partitions.add(new TopicPartition(partition.topic(), partition.partition()));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
			long read = 0;
			long applied = 0;
			long unreadable = 0;
			// the next batch is read while the one before is applied; batches are still
			// applied one after the other, in the log's order
			CompletableFuture<Integer> applying = CompletableFuture.completedFuture(0);
			try {
				while (!caughtUp(consumer, end)) {
					List<StageChanged> batch = new ArrayList<>();
					while (batch.size() < BATCH && !caughtUp(consumer, end)) {
						for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
							if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
								continue;
							}
							read++;
							try {
								batch.add(StageChangedCodec.decode(Records.wire(record)));
							}
							catch (MalformedEventException ex) {
								// dead-lettered by the live listener, skipped here
								unreadable++;
							}
						}
					}
					applied += joined(applying);
					applying = batch.isEmpty() ? CompletableFuture.completedFuture(0)
							: this.store.apply(batch).toFuture();
				}
				applied += joined(applying);
			}
			finally {
				// never leave a batch being applied behind a failed rebuild
				applying.handle((count, ex) -> count).join();
			}
			Funnel funnel = this.store.funnel(null, null).block();
			return new Result(read, applied, unreadable, (System.nanoTime() - started) / 1_000_000, funnel);
		}
	}

	/** The batch's result, or its failure as it was thrown. */
	private static int joined(CompletableFuture<Integer> applying) {
		try {
			return applying.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	private static boolean caughtUp(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
			if (consumer.position(partition.getKey()) < partition.getValue()) {
				return false;
			}
		}
		return true;
	}

	private static void pause(MessageListenerContainer live) {
		if (live == null || !live.isRunning()) {
			return;
		}
		live.pause();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!live.isPauseRequested() || !live.isContainerPaused()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the live listener did not pause within 60 s");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while pausing the live listener", ex);
			}
		}
	}

	/**
	 * What a rebuild did.
	 *
	 * @param changesRead records read from the log
	 * @param changesApplied changes that moved the funnel (the rest were duplicates)
	 * @param unreadable records skipped because they could not be read
	 * @param millis how long it took
	 * @param funnel the funnel after the rebuild
	 */
	public record Result(long changesRead, long changesApplied, long unreadable, long millis, Funnel funnel) {
	}

}

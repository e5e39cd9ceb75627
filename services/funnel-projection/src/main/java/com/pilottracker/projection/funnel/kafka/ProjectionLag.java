package com.pilottracker.projection.funnel.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.pilottracker.contracts.Topics;
import com.pilottracker.projection.funnel.store.Position;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How many stage changes the projection's consumer group has not applied yet: the
 * committed end of {@code pilot.stage-changes} less the group's committed offsets, read
 * every second. {@code -1} until first read, or when Kafka does not answer.
 */
@Component
public class ProjectionLag implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionLag.class);

	static final String GROUP = "funnel-projection";

	private final Admin admin;

	private final AtomicLong events = new AtomicLong(-1);

	private final AtomicLong oldestUnappliedMillis = new AtomicLong(0);

	private final org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> peek;

	ProjectionLag(@Value("${spring.kafka.bootstrap-servers}") List<String> bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				5000));
		// reads the first record not yet applied on each lagging partition, for its age;
		// no group, never commits
		this.peek = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
				Map.of("bootstrap.servers", String.join(",", bootstrapServers), "isolation.level", "read_committed",
						"enable.auto.commit", "false", "max.poll.records", "50", "client.id",
						"funnel-projection-lag-peek"),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer());
	}

	/**
	 * The age of the oldest stage change not applied yet, by its record's timestamp; 0
	 * when none waits.
	 */
	public Duration oldestUnapplied() {
		return Duration.ofMillis(this.oldestUnappliedMillis.get());
	}

	/** The lag in events, as last read; {@code -1} if unknown. */
	public long events() {
		return this.events.get();
	}

	/**
	 * How far behind the projection is, for an answer: the changes waiting, and (when
	 * some wait) the seconds since the newest applied change was recorded.
	 */
	public Lag lag(Position position, java.time.Instant now) {
		long waiting = events();
		double seconds = 0;
		if (waiting > 0 && position.lastRecordedAt() != null) {
			seconds = Math.round(Duration.between(position.lastRecordedAt(), now).toMillis() / 100.0) / 10.0;
		}
		return new Lag(waiting, seconds);
	}

	/**
	 * How far behind the projection is.
	 *
	 * @param events changes not applied yet; -1 when unknown
	 * @param seconds 0 when none wait; else seconds since the newest applied change was
	 * recorded
	 */
	public record Lag(long events, double seconds) {

	}

	@Scheduled(fixedDelayString = "${pilot.analytics.lag-refresh:1s}")
	void refresh() {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get(5, TimeUnit.SECONDS);
			TopicDescription topic = this.admin.describeTopics(List.of(Topics.STAGE_CHANGES))
				.allTopicNames()
				.get(5, TimeUnit.SECONDS)
				.get(Topics.STAGE_CHANGES);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			topic.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(Topics.STAGE_CHANGES, partition.partition()),
						OffsetSpec.latest()));
			long lag = 0;
			Map<TopicPartition, Long> waiting = new HashMap<>();
			for (var end : this.admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
				.all()
				.get(5, TimeUnit.SECONDS)
				.entrySet()) {
				OffsetAndMetadata position = committed.get(end.getKey());
				long from = (position != null) ? position.offset() : 0;
				long behind = Math.max(0, end.getValue().offset() - from);
				lag += behind;
				if (behind > 0) {
					waiting.put(end.getKey(), from);
				}
			}
			this.events.set(lag);
			this.oldestUnappliedMillis.set(waiting.isEmpty() ? 0 : oldestAge(waiting));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.events.set(-1);
			logger.debug("Could not read the projection's lag: {}", ex.toString());
		}
	}

	private long oldestAge(Map<TopicPartition, Long> waiting) {
		this.peek.assign(waiting.keySet());
		waiting.forEach(this.peek::seek);
		long oldest = Long.MAX_VALUE;
		Map<TopicPartition, Boolean> seen = new HashMap<>();
		long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
		while (seen.size() < waiting.size() && System.nanoTime() < deadline) {
			for (var record : this.peek.poll(Duration.ofMillis(100))) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (seen.putIfAbsent(partition, true) == null) {
					oldest = Math.min(oldest, record.timestamp());
				}
			}
		}
		return (oldest == Long.MAX_VALUE) ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(2));
		this.peek.close(Duration.ofSeconds(2));
	}

}

package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.pilottracker.contracts.Topics;
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
class ProjectionLag implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionLag.class);

	static final String GROUP = "funnel-projection";

	private final Admin admin;

	private final AtomicLong events = new AtomicLong(-1);

	ProjectionLag(@Value("${spring.kafka.bootstrap-servers}") List<String> bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				5000));
	}

	/** The lag in events, as last read; {@code -1} if unknown. */
	long events() {
		return this.events.get();
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
			for (var end : this.admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
				.all()
				.get(5, TimeUnit.SECONDS)
				.entrySet()) {
				OffsetAndMetadata position = committed.get(end.getKey());
				lag += Math.max(0, end.getValue().offset() - ((position != null) ? position.offset() : 0));
			}
			this.events.set(lag);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.events.set(-1);
			logger.debug("Could not read the projection's lag: {}", ex.toString());
		}
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(2));
	}

}

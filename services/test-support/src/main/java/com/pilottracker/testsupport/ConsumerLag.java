package com.pilottracker.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** How far a consumer group is behind on a topic, and how many records a topic holds. */
public final class ConsumerLag {

	private ConsumerLag() {
	}

	/** Records on {@code topic} that {@code group} has not committed yet. */
	public static long of(String bootstrapServers, String group, String topic) {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			long lag = 0;
			for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topic).entrySet()) {
				OffsetAndMetadata position = committed.get(end.getKey());
				lag += end.getValue() - ((position != null) ? position.offset() : 0);
			}
			return lag;
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not read the lag of " + group + " on " + topic, ex);
		}
	}

	/**
	 * The number of records ever written to {@code topic} (the sum of its end offsets).
	 */
	public static long recordsIn(String bootstrapServers, String topic) {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
			return endOffsets(admin, topic).values().stream().mapToLong(Long::longValue).sum();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not read the end offsets of " + topic, ex);
		}
	}

	private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (TopicPartitionInfo partition : admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get()
			.get(topic)
			.partitions()) {
			latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
		}
		Map<TopicPartition, Long> ends = new HashMap<>();
		for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : admin.listOffsets(latest)
			.all()
			.get()
			.entrySet()) {
			ends.put(end.getKey(), end.getValue().offset());
		}
		return ends;
	}

}

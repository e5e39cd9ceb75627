package com.pilottracker.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, for assertions on what a service published. */
public final class TopicReader implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

	public TopicReader(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(topic));
	}

	/** Polls until a record matches, for at most {@code timeout}; fails if none does. */
	public ConsumerRecord<String, byte[]> awaitRecord(Predicate<ConsumerRecord<String, byte[]>> matching,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int checked = 0;
		while (true) {
			for (; checked < this.seen.size(); checked++) {
				if (matching.test(this.seen.get(checked))) {
					return this.seen.get(checked);
				}
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("no matching record within " + timeout + " among " + this.seen.size());
			}
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
		}
	}

	/** Every record read so far, in the order read. */
	public List<ConsumerRecord<String, byte[]>> seen() {
		return List.copyOf(this.seen);
	}

	/** A record's headers as text, last value per name. */
	public static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
		}
		return headers;
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(5));
	}

}

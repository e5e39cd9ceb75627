package com.pilottracker.kafka;

import java.util.stream.Stream;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The Kafka settings every service shares. */
public final class PilotKafka {

	private PilotKafka() {
	}

	private static Counter deadLetters(MeterRegistry meters, String topic) {
		return Counter.builder("pilot.dead.letters")
			.description("Records that could not be read, sent to the topic's dead-letter topic")
			.tag("topic", topic)
			.register(meters);
	}

	/**
	 * Readiness for Kafka: the broker answers a cluster description within 3 s. For
	 * {@code management.endpoint.health.group.readiness}, never liveness: a broker outage
	 * is not a reason to restart a service.
	 */
	public static ReactiveHealthIndicator health(String bootstrapServers) {
		return new KafkaHealth(bootstrapServers);
	}

	/**
	 * Topics that are a source of truth: never pruned by age or size
	 * ({@link Topics#KEPT_FOR_GOOD}).
	 */
	public static KafkaAdmin.NewTopics keptForGood(int partitions, short replicationFactor, String... names) {
		return new KafkaAdmin.NewTopics(Stream.of(names)
			.map((name) -> TopicBuilder.name(name)
				.partitions(partitions)
				.replicas(replicationFactor)
				.configs(Topics.KEPT_FOR_GOOD)
				.build())
			.toArray(NewTopic[]::new));
	}

	/**
	 * {@link Topics#PROGRAMMES}: one partition, so every service reads the office's
	 * revisions in the order they were made; kept for good. Every service declares it, so
	 * each can start first.
	 */
	public static KafkaAdmin.NewTopics programmesTopic(short replicationFactor) {
		return keptForGood(Topics.PROGRAMMES, replicationFactor);
	}

	/**
	 * {@link Topics#REGISTRIES}: like {@link #programmesTopic}, one partition, kept for
	 * good.
	 */
	public static KafkaAdmin.NewTopics registriesTopic(short replicationFactor) {
		return keptForGood(Topics.REGISTRIES, replicationFactor);
	}

	private static KafkaAdmin.NewTopics keptForGood(String topic, short replicationFactor) {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(topic)
			.partitions(1)
			.replicas(replicationFactor)
			.configs(Topics.KEPT_FOR_GOOD)
			.build());
	}

	/**
	 * The live programme catalog of a service ({@link ProgrammeCatalog}): the shipped
	 * definitions and the office's revisions from {@link Topics#PROGRAMMES}.
	 */
	public static ProgrammeCatalog programmeCatalog(ConsumerFactory<String, byte[]> consumers, MeterRegistry meters) {
		return new ProgrammeCatalog(consumers, Programmes.shipped(), java.time.Clock.systemUTC(),
				java.time.Duration.ofSeconds(10), meters);
	}

	/**
	 * A record that cannot be read ({@link MalformedEventException}) or cannot be applied
	 * for a reason retrying will not change ({@link UnprocessableRecordException}),
	 * raised by a listener as the cause of a {@code BatchListenerFailedException}
	 * ({@link RecordBatches}), goes at once to the topic's dead-letter topic
	 * ({@code <topic>.dlt}) with its original bytes and the error, and the partition
	 * flows on. Any other failure — the database or the broker down — is retried without
	 * limit, backing off up to 10 s, and never dead-lettered: a skipped record would be a
	 * lost one.
	 */
	public static CommonErrorHandler deadLetterOrRetryForever(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters,
			String... consumedTopics) {
		// registered at zero, so a dashboard or alert has the series before the first
		// dead letter
		for (String topic : consumedTopics) {
			deadLetters(meters, topic);
		}
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
		ConsumerRecordRecoverer deadLetters = (record, ex) -> {
			publisher.accept(record, ex);
			deadLetters(meters, record.topic()).increment();
		};
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class, UnprocessableRecordException.class);
		return handler;
	}

}

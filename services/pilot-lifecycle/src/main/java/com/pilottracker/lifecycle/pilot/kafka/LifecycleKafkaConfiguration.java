package com.pilottracker.lifecycle.pilot.kafka;

import java.time.Clock;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Topics;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The lifecycle's topics and error handling. It owns {@link Topics#STAGE_CHANGES}, the
 * two decision topics and the dead-letter topic of the milestones it consumes, all kept
 * for good; it also declares {@link Topics#MILESTONES} so it can start before the
 * gateway.
 * <p>
 * A record that cannot be read goes to {@code pilot.milestones.dlt} with its original
 * bytes and the error, and the partition flows on. Any other failure (the database or the
 * broker is down) is retried without limit, with backoff, and never dead-lettered: a
 * skipped milestone would be a lost one.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics lifecycleTopics(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return new KafkaAdmin.NewTopics(java.util.stream.Stream
			.of(Topics.MILESTONES, Topics.MILESTONES + Topics.DEAD_LETTER_SUFFIX, Topics.STAGE_CHANGES,
					Topics.MILESTONE_DECISIONS, Topics.MILESTONE_REJECTIONS)
			.map((name) -> TopicBuilder.name(name)
				.partitions(partitions)
				.replicas(replicationFactor)
				.configs(Topics.KEPT_FOR_GOOD)
				.build())
			.toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
	}

	@Bean
	CommonErrorHandler deadLetterOrRetryForever(KafkaTemplate<String, byte[]> kafka) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return TransactionalOperator.create(transactionManager);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}

package com.pilottracker.projection.funnel.kafka;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
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
 * The projection consumes {@link Topics#STAGE_CHANGES} and owns its dead-letter topic. A
 * record that cannot be read goes to {@code pilot.stage-changes.dlt} with its original
 * bytes and the error, and the partition flows on. A batch that fails otherwise (database
 * down, a change whose predecessor has not arrived) is retried without limit, with
 * backoff, never skipped.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics projectionTopics(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return new KafkaAdmin.NewTopics(
				java.util.stream.Stream.of(Topics.STAGE_CHANGES, Topics.STAGE_CHANGES + Topics.DEAD_LETTER_SUFFIX)
					.map((name) -> TopicBuilder.name(name)
						.partitions(partitions)
						.replicas(replicationFactor)
						.configs(Topics.KEPT_FOR_GOOD)
						.build())
					.toArray(NewTopic[]::new));
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

}

package com.pilottracker.projection.funnel.kafka;

import com.pilottracker.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The projection consumes {@link Topics#STAGE_CHANGES}. A batch that fails (database
 * down, a change whose predecessor has not arrived) is retried without limit, with
 * backoff, never skipped.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionKafkaConfiguration {

	@Bean
	NewTopic stageChangesTopic(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return TopicBuilder.name(Topics.STAGE_CHANGES)
			.partitions(partitions)
			.replicas(replicationFactor)
			.configs(Topics.KEPT_FOR_GOOD)
			.build();
	}

	@Bean
	CommonErrorHandler retryForeverErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		return new DefaultErrorHandler(backOff);
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return TransactionalOperator.create(transactionManager);
	}

}

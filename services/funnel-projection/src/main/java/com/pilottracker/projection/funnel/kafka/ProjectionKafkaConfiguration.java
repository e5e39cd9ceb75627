package com.pilottracker.projection.funnel.kafka;

import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.PilotKafka;
import com.pilottracker.kafka.PilotOperations;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The projection consumes {@link Topics#STAGE_CHANGES} and owns its dead-letter topic. A
 * record that cannot be read goes to {@code pilot.stage-changes.dlt} with its original
 * bytes and the error, and the partition flows on. A batch that fails otherwise (database
 * down, a change whose predecessor has not arrived) is retried without limit, with
 * backoff, never skipped.
 */
@Configuration(proxyBeanMethods = false)
@Import(PilotOperations.class)
class ProjectionKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics projectionTopics(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.keptForGood(partitions, replicationFactor, Topics.STAGE_CHANGES,
				Topics.STAGE_CHANGES + Topics.DEAD_LETTER_SUFFIX);
	}

	@Bean
	CommonErrorHandler deadLetterOrRetryForever(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
		return PilotKafka.deadLetterOrRetryForever(kafka, meters, Topics.STAGE_CHANGES);
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return TransactionalOperator.create(transactionManager);
	}

}

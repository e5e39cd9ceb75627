package com.pilottracker.gateway.receipt;

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
 * The gateway owns {@link Topics#MILESTONES} and the dead-letter topic of the decisions
 * it consumes. An unreadable decision is dead-lettered; any other failure is retried
 * without limit.
 */
@Configuration(proxyBeanMethods = false)
@Import(PilotOperations.class)
class ReceiptKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics gatewayTopics(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.keptForGood(partitions, replicationFactor, Topics.MILESTONES, Topics.MILESTONE_DECISIONS,
				Topics.MILESTONE_DECISIONS + Topics.DEAD_LETTER_SUFFIX);
	}

	@Bean
	CommonErrorHandler deadLetterOrRetryForever(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
		return PilotKafka.deadLetterOrRetryForever(kafka, meters, Topics.MILESTONE_DECISIONS);
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return TransactionalOperator.create(transactionManager);
	}

}

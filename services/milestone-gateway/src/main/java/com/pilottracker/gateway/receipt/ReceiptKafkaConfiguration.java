package com.pilottracker.gateway.receipt;

import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.PilotKafka;
import com.pilottracker.kafka.PilotMeterFilters;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

	/** Prometheus naming for everything exported ({@code promtool check metrics}). */
	@Bean
	MeterFilter kafkaClientMetrics() {
		return PilotMeterFilters.kafkaClientMetrics();
	}

	@Bean
	MeterFilter misnamedMetrics() {
		return PilotMeterFilters.misnamed();
	}

	@Bean
	MeterFilter helpText() {
		return PilotMeterFilters.helpText();
	}

	/** Readiness covers Kafka ({@code management.endpoint.health.group.readiness}). */
	@Bean
	ReactiveHealthIndicator kafkaHealthIndicator(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
		return PilotKafka.health(bootstrapServers);
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return TransactionalOperator.create(transactionManager);
	}

}

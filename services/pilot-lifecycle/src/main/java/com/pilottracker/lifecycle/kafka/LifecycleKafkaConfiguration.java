package com.pilottracker.lifecycle.kafka;

import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.PilotKafka;
import com.pilottracker.kafka.PilotOperations;
import com.pilottracker.kafka.ProgrammeCatalog;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The lifecycle's topics, error handling and programme catalog. It owns
 * {@link Topics#STAGE_CHANGES}, the two decision topics and the dead-letter topic of the
 * milestones it consumes, all kept for good; it also declares {@link Topics#MILESTONES}
 * so it can start before the gateway.
 * <p>
 * A record that cannot be read goes to {@code pilot.milestones.dlt} with its original
 * bytes and the error, and the partition flows on. Any other failure (the database or the
 * broker is down) is retried without limit, with backoff, and never dead-lettered: a
 * skipped milestone would be a lost one.
 */
@Configuration(proxyBeanMethods = false)
@Import(PilotOperations.class)
class LifecycleKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics lifecycleTopics(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.keptForGood(partitions, replicationFactor, Topics.MILESTONES,
				Topics.MILESTONES + Topics.DEAD_LETTER_SUFFIX, Topics.STAGE_CHANGES, Topics.MILESTONE_DECISIONS,
				Topics.MILESTONE_REJECTIONS);
	}

	@Bean
	CommonErrorHandler deadLetterOrRetryForever(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
		return PilotKafka.deadLetterOrRetryForever(kafka, meters, Topics.MILESTONES);
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return TransactionalOperator.create(transactionManager);
	}

	/**
	 * The programmes the lifecycle decides: the shipped definitions and the office's
	 * (from {@link Topics#PROGRAMMES}). A milestone whose type none of them declared when
	 * it was accepted is dead-lettered ({@link MilestoneListener}).
	 */
	@Bean
	ProgrammeCatalog programmes(ConsumerFactory<String, byte[]> consumers, MeterRegistry meters) {
		return PilotKafka.programmeCatalog(consumers, meters);
	}

	@Bean
	KafkaAdmin.NewTopics programmesTopic(@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.programmesTopic(replicationFactor);
	}

}

package com.pilottracker.gateway.milestone;

import com.pilottracker.kafka.PilotKafka;
import com.pilottracker.kafka.ProgrammeCatalog;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The programmes whose milestones the gateway takes in: the definitions that ship and
 * those the office made or revised ({@link ProgrammeCatalog}). What a milestone must
 * carry, who may report it and which enterprises a provider may touch all follow from
 * them; a programme the catalog does not hold has no milestones here.
 */
@Configuration(proxyBeanMethods = false)
class ProgrammeCatalogConfiguration {

	@Bean
	ProgrammeCatalog programmes(ConsumerFactory<String, byte[]> consumers, MeterRegistry meters) {
		return PilotKafka.programmeCatalog(consumers, meters);
	}

	@Bean
	KafkaAdmin.NewTopics programmesTopic(@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.programmesTopic(replicationFactor);
	}

}

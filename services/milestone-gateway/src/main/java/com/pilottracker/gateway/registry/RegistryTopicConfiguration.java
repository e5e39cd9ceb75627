package com.pilottracker.gateway.registry;

import com.pilottracker.kafka.PilotKafka;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topic every registry revision goes to, declared by the gateway that writes it. */
@Configuration(proxyBeanMethods = false)
class RegistryTopicConfiguration {

	@Bean
	KafkaAdmin.NewTopics registriesTopic(@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.registriesTopic(replicationFactor);
	}

}

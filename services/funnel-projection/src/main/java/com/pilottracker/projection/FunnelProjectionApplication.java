package com.pilottracker.projection;

import com.pilottracker.kafka.PilotKafka;
import com.pilottracker.kafka.ProgrammeCatalog;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class FunnelProjectionApplication {

	/**
	 * The programmes the projection knows: the ones that ship and the ones the office
	 * defined (from {@code pilot.programmes}). Their funnels are answered and gauged; a
	 * change of a programme not known yet is kept, and answered once it is.
	 */
	@Bean
	ProgrammeCatalog programmes(ConsumerFactory<String, byte[]> consumers, MeterRegistry meters) {
		return PilotKafka.programmeCatalog(consumers, meters);
	}

	@Bean
	KafkaAdmin.NewTopics programmesTopic(@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.programmesTopic(replicationFactor);
	}

	@Bean
	KafkaAdmin.NewTopics registriesTopic(@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return PilotKafka.registriesTopic(replicationFactor);
	}

	public static void main(String[] args) {
		SpringApplication.run(FunnelProjectionApplication.class, args);
	}

}

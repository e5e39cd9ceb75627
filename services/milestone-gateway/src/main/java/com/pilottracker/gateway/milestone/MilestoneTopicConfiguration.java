package com.pilottracker.gateway.milestone;

import com.pilottracker.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The gateway owns {@link Topics#MILESTONES}: it is the source of truth, so its records
 * are kept for good.
 */
@Configuration(proxyBeanMethods = false)
class MilestoneTopicConfiguration {

	@Bean
	NewTopic milestonesTopic(@Value("${pilot.topics.partitions:6}") int partitions,
			@Value("${pilot.topics.replication-factor:1}") short replicationFactor) {
		return TopicBuilder.name(Topics.MILESTONES)
			.partitions(partitions)
			.replicas(replicationFactor)
			.configs(Topics.KEPT_FOR_GOOD)
			.build();
	}

}

package com.pilottracker.kafka;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every service imports for operations: only Prometheus-conformant metric names
 * ({@link PilotMeterFilters}, so {@code promtool check metrics} passes on each scrape),
 * Kafka in the readiness group ({@code management.endpoint.health.group.readiness}), and
 * HTTP event loops of the context's own ({@link OwnHttpResources}).
 */
@Configuration(proxyBeanMethods = false)
@Import(OwnHttpResources.class)
public class PilotOperations {

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

	@Bean
	ReactiveHealthIndicator kafkaHealthIndicator(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
		return PilotKafka.health(bootstrapServers);
	}

}

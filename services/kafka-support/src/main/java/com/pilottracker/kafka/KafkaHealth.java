package com.pilottracker.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the broker describes its cluster within 3 s, with the number of brokers; DOWN
 * otherwise.
 */
final class KafkaHealth extends AbstractReactiveHealthIndicator implements DisposableBean {

	private final Admin admin;

	KafkaHealth(String bootstrapServers) {
		super("Kafka health check failed");
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				3000));
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return Mono.fromCallable(() -> {
			int brokers = this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
				.nodes()
				.get(3, TimeUnit.SECONDS)
				.size();
			return builder.up().withDetail("brokers", brokers).build();
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(2));
	}

}

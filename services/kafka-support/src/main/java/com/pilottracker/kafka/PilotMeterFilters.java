package com.pilottracker.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * What every service exports to Prometheus, so that {@code promtool check metrics} passes
 * on each scrape: of the Kafka clients' own metrics only the consumer lag (their other
 * names break Prometheus naming: {@code _time_ns_total}, {@code _count} gauges), no JIT
 * compilation time ({@code _ms_total}), no long-task request timer, and a help text for
 * every meter.
 */
public final class PilotMeterFilters {

	private PilotMeterFilters() {
	}

	/** Keeps Kafka's consumer lag and drops the Kafka clients' other metrics. */
	public static MeterFilter kafkaClientMetrics() {
		return MeterFilter.deny((id) -> id.getName().startsWith("kafka.")
				&& !id.getName().startsWith("kafka.consumer.fetch.manager.records.lag"));
	}

	/** Drops meters whose names Prometheus's naming rules refuse. */
	public static MeterFilter misnamed() {
		return MeterFilter.deny((id) -> java.util.Set
			.of("jvm.compilation.time", "http.server.requests.active", "process.cpu.time", "system.cpu.count")
			.contains(id.getName()));
	}

	/** Gives every meter a help text: its description, or what its name says. */
	public static MeterFilter helpText() {
		return new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				if (id.getDescription() != null && !id.getDescription().isBlank()) {
					return id;
				}
				String description = id.getName().equals("http.server.requests") ? "HTTP requests served, by outcome"
						: id.getName().replace('.', ' ');
				return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
						id.getType());
			}
		};
	}

}

package com.pilottracker.benchmarks.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Kafka ceiling: Kafka's own {@code org.apache.kafka.tools.ProducerPerformance}, in a
 * JVM of its own, against the same broker, with records of the milestone's size,
 * {@code acks=all} and idempotence on, to a topic with as many partitions as
 * {@code pilot.milestones}.
 */
public final class ProducerCeiling {

	private static final Pattern TOTAL = Pattern.compile(
			"(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency(?:, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th)?");

	private ProducerCeiling() {
	}

	public static Result run(String bootstrapServers, int records, int recordSize, int partitions, Path log) {
		String topic = "benchmark.producer-performance";
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not create " + topic, ex);
		}
		Process process = ChildJvm.start("-Xmx512m", "org.apache.kafka.tools.ProducerPerformance",
				List.of("--topic", topic, "--num-records", Integer.toString(records), "--record-size",
						Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
						"bootstrap.servers=" + bootstrapServers, "acks=all", "enable.idempotence=true"),
				log);
		try {
			if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("ProducerPerformance failed; see " + log);
			}
			Matcher last = null;
			for (String line : Files.readAllLines(log)) {
				Matcher matcher = TOTAL.matcher(line);
				if (matcher.find()) {
					last = matcher;
				}
			}
			if (last == null) {
				throw new IllegalStateException("no summary line from ProducerPerformance in " + log);
			}
			return new Result(Long.parseLong(last.group(1)), Double.parseDouble(last.group(2)),
					Double.parseDouble(last.group(3)), Double.parseDouble(last.group(4)),
					(last.group(8) != null) ? Double.parseDouble(last.group(8)) : Double.NaN);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What ProducerPerformance printed for the whole run.
	 *
	 * @param records records sent
	 * @param recordsPerSecond records per second
	 * @param megabytesPerSecond MB per second
	 * @param averageLatencyMillis mean send latency
	 * @param p99LatencyMillis 99th percentile send latency
	 */
	public record Result(long records, double recordsPerSecond, double megabytesPerSecond, double averageLatencyMillis,
			double p99LatencyMillis) {
	}

}

package com.pilottracker.benchmarks.load;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.kafka.Records;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A backlog of milestones written straight to {@code pilot.milestones}, records exactly
 * as the gateway writes them, while the lifecycle and the projection are down: of every
 * 20 enterprises 20 are solicited, 17 of them contracted and 13 of those reach
 * pre-acceptance (50 milestones). Enterprises go in blocks, a block's contracts and
 * pre-acceptances following later blocks' solicitations, so the log interleaves stages as
 * a live programme's does while each enterprise's milestones stay in order. Each record's
 * timestamp is the instant it is written, as the gateway stamps the instant it accepted a
 * milestone: the lifecycle's log clock (holds expire against it).
 */
public final class Backlog {

	private static final int BLOCK = 10_000;

	private Backlog() {
	}

	/**
	 * Writes about {@code milestones} milestones (rounded to whole groups of 50) for
	 * fresh enterprises.
	 * @return what the funnel must gain once the backlog is drained
	 */
	public static Expected write(String bootstrapServers, Enterprises enterprises, int milestones) {
		int groups = Math.max(1, milestones / 50);
		int count = groups * 20;
		long first = enterprises.take(count);
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		long solicited = 0;
		long contracted = 0;
		long preAcceptance = 0;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			int blocks = (count + BLOCK - 1) / BLOCK;
			for (int block = 0; block < blocks + 2; block++) {
				if (block < blocks) {
					for (long n = first + (long) block * BLOCK; n < first
							+ Math.min(count, (block + 1L) * BLOCK); n++) {
						send(producer, n, Enterprises.SOLICITED);
						solicited++;
					}
				}
				if (block >= 1 && block - 1 < blocks) {
					for (long n = first + (long) (block - 1) * BLOCK; n < first
							+ Math.min(count, (long) block * BLOCK); n++) {
						if ((n - first) % 20 < 17) {
							send(producer, n, Enterprises.CONTRACTED);
							contracted++;
						}
					}
				}
				if (block >= 2) {
					for (long n = first + (long) (block - 2) * BLOCK; n < first
							+ Math.min(count, (block - 1L) * BLOCK); n++) {
						if ((n - first) % 20 < 13) {
							send(producer, n, Enterprises.PRE_ACCEPTANCE);
							preAcceptance++;
						}
					}
				}
			}
			producer.flush();
		}
		return new Expected(solicited, contracted, preAcceptance);
	}

	private static void send(KafkaProducer<String, byte[]> producer, long enterprise, MilestoneType type) {
		WireRecord wire = MilestoneCodec.encode(Enterprises.milestone(enterprise, type, Instant.now()));
		producer.send(timestamped(Records.producerRecord(Topics.MILESTONES, wire), wire.timestamp()),
				(metadata, ex) -> {
					if (ex != null) {
						throw new IllegalStateException("could not write the backlog", ex);
					}
				});
	}

	/** The record with the acceptance time as its timestamp. */
	static ProducerRecord<String, byte[]> timestamped(ProducerRecord<String, byte[]> record, Instant acceptedAt) {
		return new ProducerRecord<>(record.topic(), record.partition(), acceptedAt.toEpochMilli(), record.key(),
				record.value(), record.headers());
	}

	/**
	 * How much the funnel's reached counts must grow.
	 *
	 * @param solicited solicitations written
	 * @param contracted contracts written
	 * @param preAcceptance pre-acceptances written
	 */
	public record Expected(long solicited, long contracted, long preAcceptance) {

		public long milestones() {
			return this.solicited + this.contracted + this.preAcceptance;
		}

	}

}

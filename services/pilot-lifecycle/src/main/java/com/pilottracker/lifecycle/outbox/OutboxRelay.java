package com.pilottracker.lifecycle.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.pilottracker.kafka.Records;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Sends outbox records to Kafka in {@code seq} order and deletes them once the broker has
 * acknowledged them (idempotent producer, {@code acks=all}).
 * <p>
 * One relay at a time holds a PostgreSQL advisory lock, so two instances never interleave
 * records of one enterprise. A crash between Kafka's acknowledgement and the delete sends
 * the same records again: downstream consumers drop a change whose version they have
 * seen. The relay wakes when the lifecycle commits new records, and polls besides.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final KafkaTemplate<String, byte[]> kafka;

	private final TransactionalOperator transaction;

	private final int batchSize;

	private final Duration pollInterval;

	private final Object signal = new Object();

	private final AtomicLong pendingGauge = new AtomicLong();

	private final Counter sent;

	private volatile boolean running;

	private volatile boolean wakeRequested;

	private Thread thread;

	OutboxRelay(Outbox outbox, KafkaTemplate<String, byte[]> kafka, TransactionalOperator transaction,
			MeterRegistry meters, @Value("${pilot.outbox.batch-size:1000}") int batchSize,
			@Value("${pilot.outbox.poll-interval:200ms}") Duration pollInterval) {
		this.outbox = outbox;
		this.kafka = kafka;
		this.transaction = transaction;
		this.batchSize = batchSize;
		this.pollInterval = pollInterval;
		this.sent = Counter.builder("pilot.outbox.sent")
			.description("Outbox records sent to Kafka and acknowledged")
			.register(meters);
		Gauge.builder("pilot.outbox.pending", this.pendingGauge, AtomicLong::get)
			.description("Outbox records not yet sent, as of the relay's last pass")
			.register(meters);
	}

	/** Asks the relay to look at the outbox now. */
	public void wakeUp() {
		synchronized (this.signal) {
			this.wakeRequested = true;
			this.signal.notifyAll();
		}
	}

	private void loop() {
		Duration backoff = this.pollInterval;
		while (this.running) {
			try {
				int count = relayOnce();
				backoff = this.pollInterval;
				if (count < this.batchSize) {
					pause(this.pollInterval);
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				logger.warn("Outbox relay failed, retrying in {}: {}", backoff, ex.toString());
				pause(backoff);
				backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
						: backoff.multipliedBy(2);
			}
		}
	}

	/** Sends one batch; returns how many records were sent. */
	int relayOnce() {
		Integer count = this.transaction.transactional(this.outbox.tryLockForRelay().flatMap((locked) -> {
			if (!locked) {
				return Mono.just(0);
			}
			// Kafka's send may block, so the sending leaves R2DBC's event loop
			return this.outbox.oldest(this.batchSize)
				.collectList()
				.publishOn(Schedulers.boundedElastic())
				.flatMap((entries) -> {
					if (entries.isEmpty()) {
						this.pendingGauge.set(0);
						return Mono.just(0);
					}
					sendAndAwait(entries);
					List<Long> sequences = entries.stream().map(Outbox.Entry::seq).toList();
					return this.outbox.delete(sequences).thenReturn(entries.size());
				});
		})).block(Duration.ofSeconds(60));
		int n = (count != null) ? count : 0;
		if (n > 0) {
			this.sent.increment(n);
			this.outbox.pending().subscribe(this.pendingGauge::set, (ex) -> {
			});
		}
		return n;
	}

	private void sendAndAwait(List<Outbox.Entry> entries) {
		List<CompletableFuture<SendResult<String, byte[]>>> acknowledgements = new ArrayList<>(entries.size());
		for (Outbox.Entry entry : entries) {
			ProducerRecord<String, byte[]> record = Records.producerRecord(entry.topic(), entry.record());
			acknowledgements.add(this.kafka.send(record));
		}
		this.kafka.flush();
		try {
			CompletableFuture.allOf(acknowledgements.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for Kafka", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not acknowledge outbox records", ex);
		}
	}

	private void pause(Duration duration) {
		synchronized (this.signal) {
			if (!this.wakeRequested && this.running) {
				try {
					this.signal.wait(Math.max(1, duration.toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.wakeRequested = false;
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, "outbox-relay");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		wakeUp();
		if (this.thread != null) {
			try {
				this.thread.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}

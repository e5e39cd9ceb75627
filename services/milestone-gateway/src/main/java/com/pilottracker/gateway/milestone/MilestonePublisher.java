package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import com.pilottracker.contracts.WireRecord;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.Records;
import com.pilottracker.kafka.Traces;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands a milestone to Kafka and completes only once the broker has acknowledged it
 * ({@code acks=all}, idempotent producer): the record is keyed by USCC and carries the
 * CloudEvent in binary mode.
 * <p>
 * What follows an acknowledgement (the receipt's mark, the HTTP answer) runs on Reactor's
 * parallel scheduler, not on the producer's one network thread: in a flight recording
 * that thread otherwise did a fifth of the gateway's work (22% of the samples), work that
 * the sending and acknowledging of every other record waited behind.
 */
@Component
class MilestonePublisher {

	private final KafkaTemplate<String, byte[]> kafka;

	private final Duration timeout;

	MilestonePublisher(KafkaTemplate<String, byte[]> kafka,
			@Value("${pilot.gateway.publish-timeout:10s}") Duration timeout) {
		this.kafka = kafka;
		this.timeout = timeout;
	}

	/**
	 * Sends every milestone, in order, then waits for every acknowledgement: the producer
	 * batches the records, so a batch costs about as much as one milestone. Once a send
	 * fails at once (no metadata for the topic within {@code max.block.ms}: the broker is
	 * down), the rest are not sent, as each would block as long.
	 * @return the milestones that were not acknowledged in time, by position; empty when
	 * all were
	 */
	Mono<Map<Integer, BrokerUnavailableException>> publishAll(List<WireRecord> milestones) {
		if (milestones.isEmpty()) {
			return Mono.just(Map.of());
		}
		// the records carry the trace of the HTTP request; send() may block while it
		// waits for metadata, so it never runs on an event-loop thread
		return Traces.current()
			.flatMap((trace) -> Mono.fromCallable(() -> sendAll(milestones, trace.orElse(null)))
				.subscribeOn(Schedulers.boundedElastic()))
			.flatMap((sends) -> Mono.fromFuture(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)))
				.timeout(this.timeout)
				.onErrorResume((ex) -> Mono.empty())
				.then(Mono.fromCallable(() -> failures(sends)))
				.publishOn(Schedulers.parallel()));
	}

	private List<CompletableFuture<?>> sendAll(List<WireRecord> milestones, String traceparent) {
		List<CompletableFuture<?>> sends = new ArrayList<>(milestones.size());
		Throwable refused = null;
		for (WireRecord milestone : milestones) {
			if (refused != null) {
				sends.add(CompletableFuture.failedFuture(refused));
				continue;
			}
			ProducerRecord<String, byte[]> record = record(milestone);
			if (traceparent != null) {
				record.headers().add(Traces.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
			}
			CompletableFuture<?> send;
			try {
				send = this.kafka.send(record);
			}
			catch (RuntimeException ex) {
				send = CompletableFuture.failedFuture(ex);
			}
			if (send.isCompletedExceptionally()) {
				refused = cause(send);
			}
			sends.add(send);
		}
		return sends;
	}

	/**
	 * The record for a milestone, with its timestamp: when the gateway accepted it
	 * ({@link WireRecord#timestamp()}), so the log, not the producer's clock, says when.
	 */
	static ProducerRecord<String, byte[]> record(WireRecord milestone) {
		ProducerRecord<String, byte[]> record = Records.producerRecord(Topics.MILESTONES, milestone);
		if (milestone.timestamp() == null) {
			return record;
		}
		return new ProducerRecord<>(record.topic(), null, milestone.timestamp().toEpochMilli(), record.key(),
				record.value(), record.headers());
	}

	private static Map<Integer, BrokerUnavailableException> failures(List<CompletableFuture<?>> sends) {
		Map<Integer, BrokerUnavailableException> failures = new HashMap<>();
		for (int i = 0; i < sends.size(); i++) {
			CompletableFuture<?> send = sends.get(i);
			if (!send.isDone()) {
				failures.put(i, new BrokerUnavailableException(new TimeoutException("no acknowledgement in time")));
			}
			else if (send.isCompletedExceptionally()) {
				failures.put(i, new BrokerUnavailableException(cause(send)));
			}
		}
		return failures;
	}

	private static Throwable cause(CompletableFuture<?> failed) {
		Throwable ex = failed.handle((result, failure) -> failure).join();
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	/** Sends one milestone, as the log carries it, and waits for its acknowledgement. */
	Mono<Void> publish(WireRecord milestone) {
		ProducerRecord<String, byte[]> record = record(milestone);
		// the record carries the trace of the HTTP request (W3C traceparent); send() may
		// block while it waits for metadata, so it never runs on an event-loop thread
		return Traces.current()
			.doOnNext((trace) -> trace.ifPresent((traceparent) -> record.headers()
				.add(Traces.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8))))
			.then(Mono.fromFuture(() -> this.kafka.send(record)))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.onErrorMap((ex) -> new BrokerUnavailableException(ex))
			.then()
			.publishOn(Schedulers.parallel());
	}

}

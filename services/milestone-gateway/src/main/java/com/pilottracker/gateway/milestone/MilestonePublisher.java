package com.pilottracker.gateway.milestone;

import java.time.Duration;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
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

	Mono<Milestone> publish(Milestone milestone) {
		ProducerRecord<String, byte[]> record = Records.producerRecord(Topics.MILESTONES,
				MilestoneCodec.encode(milestone));
		// the record carries the trace of the HTTP request (W3C traceparent); send() may
		// block while it waits for metadata, so it never runs on an event-loop thread
		return Traces.current()
			.doOnNext((trace) -> trace.ifPresent((traceparent) -> record.headers()
				.add(Traces.TRACEPARENT, traceparent.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
			.then(Mono.fromFuture(() -> this.kafka.send(record)))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.onErrorMap((ex) -> new BrokerUnavailableException(ex))
			.thenReturn(milestone);
	}

}

package com.pilottracker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import reactor.core.publisher.Mono;

/**
 * A milestone's trace across the services: the gateway's HTTP request starts it, the
 * {@code traceparent} header (W3C Trace Context) carries it on every record, and a
 * consumer continues it for the work it does for that record, so the trace id is in every
 * log line about the milestone. Batch listeners get no observation from Spring Kafka, so
 * they continue the trace per record with {@link #continued}.
 */
public final class Traces {

	/** The W3C Trace Context header. */
	public static final String TRACEPARENT = "traceparent";

	private Traces() {
	}

	/** The trace context a record carries, or {@code null}. */
	public static String traceparent(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(TRACEPARENT);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * Runs {@code work} in an observation named {@code name} that continues the trace of
	 * {@code traceparent} (a new trace when {@code null}); the observation is current for
	 * every operator of {@code work}, on whatever thread it runs.
	 */
	public static <T> Mono<T> continued(ObservationRegistry registry, String name, String traceparent, Mono<T> work) {
		return Mono.defer(() -> {
			ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
			context.setCarrier((traceparent != null) ? Map.of(TRACEPARENT, traceparent) : Map.of());
			Observation observation = Observation.createNotStarted(name, () -> context, registry).start();
			return work.doOnError(observation::error)
				.doFinally((signal) -> observation.stop())
				.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	/**
	 * Passes {@code work}'s value to {@code log} with the trace of the Reactor context
	 * current on this thread, so the log line carries the trace id (no global hook moves
	 * the trace between threads).
	 */
	public static <T> Mono<T> logged(Mono<T> work, java.util.function.Consumer<T> log) {
		return work.flatMap((value) -> Mono.deferContextual((reactor) -> {
			Observation observation = reactor.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			if (observation == null) {
				log.accept(value);
			}
			else {
				try (Observation.Scope scope = observation.openScope()) {
					log.accept(value);
				}
			}
			return Mono.just(value);
		}));
	}

	/**
	 * The {@code traceparent} of the trace current in the Reactor context, if any: what a
	 * record written now should carry.
	 */
	public static Mono<Optional<String>> current() {
		return Mono.deferContextual((reactor) -> {
			Observation observation = reactor.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			if (observation == null) {
				return Mono.just(Optional.empty());
			}
			TracingObservationHandler.TracingContext tracing = observation.getContext()
				.get(TracingObservationHandler.TracingContext.class);
			if (tracing == null || tracing.getSpan() == null) {
				return Mono.just(Optional.empty());
			}
			return Mono.just(Optional.of(traceparent(tracing.getSpan().context())));
		});
	}

	static String traceparent(TraceContext context) {
		String traceId = "0".repeat(Math.max(0, 32 - context.traceId().length())) + context.traceId();
		return "00-" + traceId + "-" + context.spanId() + "-" + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01");
	}

}

package com.pilottracker.access;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;

/**
 * The long-lived streams (Server-Sent Events) each key holds open on this replica: at
 * most {@code pilot.security.streams.max-per-key} per key (beyond it,
 * {@link TooManyStreamsException}, 429), and a revoked key's streams end within
 * {@code pilot.security.streams.revocation-check}. A key is checked when a stream opens;
 * after that one query every interval asks which of the keys holding streams are still
 * active, whatever the number of streams.
 */
public class KeyStreams implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(KeyStreams.class);

	private final ApiKeyRepository keys;

	private final AccessProblems problems;

	private final int maxPerKey;

	private final Duration revocationCheck;

	/** key id -> its open streams. */
	private final Map<String, Set<Open>> open = new ConcurrentHashMap<>();

	private Disposable checking;

	private boolean closed;

	KeyStreams(ApiKeyRepository keys, AccessProblems problems, AccessProperties.Streams properties) {
		if (properties.maxPerKey() < 1 || properties.revocationCheck().isNegative()
				|| properties.revocationCheck().isZero()) {
			throw new IllegalArgumentException(
					"pilot.security.streams needs a max-per-key of 1 or more and a positive revocation-check");
		}
		this.keys = keys;
		this.problems = problems;
		this.maxPerKey = properties.maxPerKey();
		this.revocationCheck = properties.revocationCheck();
	}

	/**
	 * The caller's stream, counted against its key's streams while it is subscribed, and
	 * completed when the key is found revoked. Fails with {@link TooManyStreamsException}
	 * when subscribed beyond the key's streams.
	 */
	public <T> Flux<T> open(Caller caller, Flux<T> stream) {
		String keyId = caller.keyId();
		return Flux.defer(() -> {
			Open registration = register(keyId);
			if (registration == null) {
				this.problems.refused("too_many_streams");
				return Flux.error(new TooManyStreamsException(this.maxPerKey));
			}
			startChecking();
			return stream.takeUntilOther(registration.ended.asMono())
				.doFinally((signal) -> unregister(keyId, registration));
		});
	}

	/** How many streams the key holds open here. */
	int openStreams(String keyId) {
		Set<Open> streams = this.open.get(keyId);
		return (streams != null) ? streams.size() : 0;
	}

	/** Ends the streams of every key holding streams that is no longer active. */
	Mono<Void> checkOnce() {
		Set<String> holding = Set.copyOf(this.open.keySet());
		if (holding.isEmpty()) {
			return Mono.empty();
		}
		return this.keys.findActiveKeyIds(holding).collect(HashSet<String>::new, Set::add).doOnNext((active) -> {
			for (String keyId : holding) {
				if (!active.contains(keyId)) {
					end(keyId);
				}
			}
		}).then();
	}

	private Open register(String keyId) {
		Open registration = new Open();
		boolean[] admitted = { false };
		this.open.compute(keyId, (id, streams) -> {
			Set<Open> held = (streams != null) ? streams : ConcurrentHashMap.newKeySet();
			if (held.size() < this.maxPerKey) {
				held.add(registration);
				admitted[0] = true;
			}
			return held.isEmpty() ? null : held;
		});
		return admitted[0] ? registration : null;
	}

	private void unregister(String keyId, Open registration) {
		this.open.computeIfPresent(keyId, (id, streams) -> {
			streams.remove(registration);
			return streams.isEmpty() ? null : streams;
		});
	}

	private void end(String keyId) {
		Set<Open> streams = this.open.get(keyId);
		if (streams != null) {
			logger.info("Ending {} stream(s) of key {}: it has been revoked", streams.size(), keyId);
			streams.forEach((stream) -> stream.ended.tryEmitValue(Boolean.TRUE));
		}
	}

	private synchronized void startChecking() {
		if (this.checking != null || this.closed) {
			return;
		}
		this.checking = Flux.interval(this.revocationCheck, this.revocationCheck)
			.onBackpressureDrop()
			.concatMap((tick) -> checkOnce().onErrorResume((ex) -> {
				logger.warn("Could not check the keys of the open streams, will try again: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public synchronized void destroy() {
		this.closed = true;
		if (this.checking != null) {
			this.checking.dispose();
		}
	}

	private static final class Open {

		private final Sinks.One<Boolean> ended = Sinks.one();

	}

}

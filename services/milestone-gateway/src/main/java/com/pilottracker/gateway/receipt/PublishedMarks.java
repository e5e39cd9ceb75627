package com.pilottracker.gateway.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Writes the {@code published} mark of receipts after Kafka acknowledged their
 * milestones, off the request's path: marks are collected and written together, one
 * {@code UPDATE} at most every {@code pilot.gateway.published-marks.interval} (sooner
 * once {@code pilot.gateway.published-marks.max-batch} are queued, or someone waits),
 * never two at once.
 * <p>
 * Why a mark may wait: it only tells whether a repeat of the milestone must be published
 * again, and publishing twice is harmless (the lifecycle drops the second copy by source
 * and id). Until a mark is written this gateway counts it as written ({@link #pending}),
 * so its repeats are not published again and its receipt is shown. Its commit does not
 * wait for the disk ({@code synchronous_commit = off}): the receipt row itself was
 * committed durably before the milestone was sent.
 * <p>
 * What a lost mark costs: marks not yet written when the gateway or the database crashes
 * are lost, and so are those a write failed on until a later write succeeds (they are
 * retried). A lost mark means a repeat of that milestone publishes it again, and, until
 * the lifecycle's decision marks the receipt published ({@link DecisionListener}), that
 * another gateway shows no receipt for it. Whoever needs the mark in the database before
 * answering (a contract: the scope of the provider's next milestones depends on it) waits
 * for the {@link Mono} that {@link #mark} returns.
 */
@Component
public class PublishedMarks implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(PublishedMarks.class);

	private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final Duration interval;

	private final int maxBatch;

	private final Scheduler scheduler = Schedulers.parallel();

	/** Acknowledged and not yet written: counted as published on this gateway. */
	private final Set<ReceiptKey> pending = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	/** The marks the next write takes; guarded by {@link #lock}. */
	private Batch open = new Batch();

	/**
	 * Whether a write is running; guarded by {@link #lock}. At most one is, so the marks
	 * that come in meanwhile go out together in the next.
	 */
	private boolean running;

	/**
	 * Whether a write is scheduled, and which: a scheduled write of an older generation
	 * does nothing; guarded by {@link #lock}.
	 */
	private boolean scheduled;

	private long generation;

	PublishedMarks(DatabaseClient db, TransactionalOperator transaction,
			@Value("${pilot.gateway.published-marks.interval:20ms}") Duration interval,
			@Value("${pilot.gateway.published-marks.max-batch:1000}") int maxBatch) {
		this.db = db;
		this.transaction = transaction;
		this.interval = interval;
		this.maxBatch = maxBatch;
	}

	/**
	 * Queues the marks at once, whether or not the answer is subscribed to.
	 * @param urgent whether someone waits for them: they are written right away, not
	 * after the interval
	 * @return completes once the marks are written (not necessarily on disk), with the
	 * write's error if it failed (the marks stay queued and are retried)
	 */
	public Mono<Void> mark(Collection<ReceiptKey> keys, boolean urgent) {
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		Batch batch;
		synchronized (this.lock) {
			this.pending.addAll(keys);
			batch = this.open;
			batch.keys.addAll(keys);
			batch.urgent |= urgent;
			if (!this.running && (!this.scheduled || batch.isDue(this.maxBatch))) {
				// a scheduled write that is not due yet is replaced by one now
				schedule(batch.isDue(this.maxBatch) ? Duration.ZERO : this.interval);
			}
		}
		return batch.written.asMono();
	}

	/** Whether a mark of this receipt is queued and not yet written. */
	public boolean pending(ReceiptKey key) {
		return this.pending.contains(key);
	}

	/** Schedules the next write; the caller holds {@link #lock}. */
	private void schedule(Duration delay) {
		long scheduledGeneration = ++this.generation;
		this.scheduled = true;
		this.scheduler.schedule(() -> write(scheduledGeneration), delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void write(long scheduledGeneration) {
		Batch batch;
		synchronized (this.lock) {
			if (scheduledGeneration != this.generation || this.running) {
				return;
			}
			this.scheduled = false;
			this.running = true;
			batch = this.open;
			this.open = new Batch();
		}
		List<ReceiptKey> keys = new ArrayList<>(batch.keys);
		update(keys).subscribe(null, (ex) -> {
			logger.warn("Could not mark {} receipts published; retrying: {}", keys.size(), ex.toString());
			synchronized (this.lock) {
				// kept pending and queued again: the next write takes them
				this.open.keys.addAll(keys);
			}
			batch.written.tryEmitError(ex);
			next(true);
		}, () -> {
			this.pending.removeAll(keys);
			batch.written.tryEmitEmpty();
			next(false);
		});
	}

	private void next(boolean failed) {
		synchronized (this.lock) {
			this.running = false;
			if (!this.open.keys.isEmpty()) {
				schedule(failed ? RETRY_AFTER_FAILURE : this.open.isDue(this.maxBatch) ? Duration.ZERO : this.interval);
			}
		}
	}

	private Mono<Void> update(List<ReceiptKey> keys) {
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		String[] sources = keys.stream().map(ReceiptKey::source).toArray(String[]::new);
		String[] ids = keys.stream().map(ReceiptKey::id).toArray(String[]::new);
		// a lost mark only makes a repeat publish again, so its commit need not wait for
		// the disk
		Mono<Void> asynchronousCommit = this.db.sql("SET LOCAL synchronous_commit = off").then();
		Mono<Void> update = this.db.sql("""
				UPDATE receipt SET published = true
				WHERE (source, id) IN (SELECT * FROM unnest(CAST(:sources AS text[]), CAST(:ids AS text[])))
				    AND NOT published
				""").bind("sources", sources).bind("ids", ids).then();
		return this.transaction.transactional(asynchronousCommit.then(update));
	}

	/**
	 * Writes what is queued before the connection pool closes: the web server has stopped
	 * by now, so no mark comes after.
	 */
	@Override
	public void destroy() {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			Batch batch = null;
			synchronized (this.lock) {
				if (!this.running) {
					if (this.open.keys.isEmpty()) {
						return;
					}
					// no scheduled write runs any more
					this.generation++;
					this.scheduled = false;
					batch = this.open;
					this.open = new Batch();
				}
			}
			if (batch == null) {
				sleep();
				continue;
			}
			try {
				update(new ArrayList<>(batch.keys)).block(Duration.ofSeconds(5));
				this.pending.removeAll(batch.keys);
				batch.written.tryEmitEmpty();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not mark {} receipts published at shutdown; a repeat publishes them again: {}",
						batch.keys.size(), ex.toString());
				batch.written.tryEmitError(ex);
				return;
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The marks one write takes, and who waits for it. */
	private static final class Batch {

		private final Set<ReceiptKey> keys = new LinkedHashSet<>();

		private final Sinks.Empty<Void> written = Sinks.empty();

		private boolean urgent;

		private boolean isDue(int maxBatch) {
			return this.urgent || this.keys.size() >= maxBatch;
		}

	}

}

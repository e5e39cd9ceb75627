package com.pilottracker.projection.funnel.rebuild;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.store.FunnelStore;
import com.pilottracker.projection.funnel.store.Rebuilds;
import com.pilottracker.projection.funnel.store.ShadowTables;
import com.pilottracker.projection.funnel.web.FunnelGauges;
import com.pilottracker.projection.funnel.web.StageRow;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Service;

/**
 * Rebuilds the projection from {@link Topics#STAGE_CHANGES} beside the live tables, and
 * swaps the result in at once (decision 0015):
 * <ol>
 * <li>takes the rebuild lock, which holds across instances ({@link Rebuilds});</li>
 * <li>creates empty copies of the tables ({@link ShadowTables});</li>
 * <li>applies every change in the log, from the first offset, to the copies, while the
 * live listeners of every instance go on applying new changes to the live tables, which
 * every answer keeps reading;</li>
 * <li>catches up with what arrived meanwhile, then, in one transaction that holds the
 * live tables' writers off, applies the last changes (read once the writers are held off,
 * so they cover whatever any live listener applied) and renames the copies into
 * place.</li>
 * </ol>
 * Changes a live listener receives again after the swap are duplicates by version. A
 * rebuild that fails at any step drops its copies; the live tables were never touched.
 */
@Service
public class ProjectionRebuild {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionRebuild.class);

	/**
	 * Catch-up passes before the swap stop once a pass reads fewer changes than this: the
	 * rest is applied while the live writers wait.
	 */
	static final int FEW = 2_000;

	static final int CATCH_UP_PASSES = 5;

	static final int SWAP_ATTEMPTS = 3;

	private final FunnelStore store;

	private final Rebuilds rebuilds;

	private final FunnelGauges gauges;

	private final ConsumerFactory<String, byte[]> consumers;

	private final ProgrammeCatalog programmes;

	/**
	 * Changes applied per transaction: a batch costs a few statements whatever its size,
	 * so a rebuild takes bigger ones than the live listener.
	 */
	private final int batch;

	private final Duration swapLockTimeout;

	private final Duration stallTimeout;

	ProjectionRebuild(FunnelStore store, Rebuilds rebuilds, FunnelGauges gauges,
			ConsumerFactory<String, byte[]> consumers, ProgrammeCatalog programmes,
			@Value("${pilot.projection.rebuild.batch-size:10000}") int batch,
			@Value("${pilot.projection.rebuild.swap-lock-timeout:5s}") Duration swapLockTimeout,
			@Value("${pilot.projection.rebuild.stall-timeout:60s}") Duration stallTimeout) {
		this.store = store;
		this.rebuilds = rebuilds;
		this.gauges = gauges;
		this.consumers = consumers;
		this.programmes = programmes;
		this.batch = batch;
		this.swapLockTimeout = swapLockTimeout;
		this.stallTimeout = stallTimeout;
	}

	/**
	 * Rebuilds the projection and returns what it replayed.
	 * @throws RebuildInProgressException if a rebuild is running already, here or on
	 * another instance
	 * @throws RebuildFailedException if it failed; the live tables are as they were
	 */
	public Result rebuild() {
		long started = System.nanoTime();
		ShadowTables shadow;
		try {
			shadow = this.rebuilds.tryLock().orElseThrow(RebuildInProgressException::new);
		}
		catch (RebuildInProgressException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the database did not answer: nothing was started
			throw new RebuildFailedException(ex);
		}
		try (shadow; StageChangeLog log = new StageChangeLog(this.consumers, this.batch, this.stallTimeout)) {
			long livePositionBefore = shadow.create().block();
			long applied = applyTo(shadow.store(), log, log.end());
			for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
				long readBefore = log.read();
				applied += applyTo(shadow.store(), log, log.end());
				if (log.read() - readBefore < FEW) {
					break;
				}
			}
			long swapping = System.nanoTime();
			applied += swapIn(shadow, log, livePositionBefore);
			long swapMillis = (System.nanoTime() - swapping) / 1_000_000;
			Funnel funnel = this.store.funnel(this.programmes.orPilot(null), null, null, Map.of()).block();
			Result result = new Result(log.read(), applied, log.unreadable(), (System.nanoTime() - started) / 1_000_000,
					new Result.Pilot(StageRow.rows(funnel.stages())));
			logger.info("Rebuilt the projection: {} changes ({} applied) in {} ms, of which the swap {} ms",
					result.changesRead(), result.changesApplied(), result.millis(), swapMillis);
			return result;
		}
		catch (RuntimeException ex) {
			logger.warn("The rebuild failed; the live tables are as they were: {}", ex.toString());
			throw new RebuildFailedException(ex);
		}
		finally {
			this.gauges.refresh();
		}
	}

	/**
	 * Applies the log up to {@code end}. The next batch is read while the one before is
	 * applied; batches are still applied one after the other, in the log's order.
	 */
	private long applyTo(FunnelStore shadow, StageChangeLog log, Map<TopicPartition, Long> end) {
		long applied = 0;
		CompletableFuture<Integer> applying = CompletableFuture.completedFuture(0);
		try {
			while (!log.caughtUp(end)) {
				List<StageChanged> changes = log.next(end, this.batch);
				applied += joined(applying);
				applying = changes.isEmpty() ? CompletableFuture.completedFuture(0) : shadow.apply(changes).toFuture();
			}
			applied += joined(applying);
		}
		finally {
			// never leave a batch being applied behind a failed rebuild
			applying.handle((count, ex) -> count).join();
		}
		return applied;
	}

	/**
	 * Swaps the rebuilt tables in; an attempt whose locks were not granted in time (a
	 * long read holds a table) is tried again from where the log stood.
	 */
	private int swapIn(ShadowTables shadow, StageChangeLog log, long livePositionBefore) {
		for (int attempt = 1;; attempt++) {
			StageChangeLog.Mark mark = log.mark();
			try {
				return shadow.swapIn(livePositionBefore, () -> log.rest(log.end()), this.swapLockTimeout).block();
			}
			catch (RuntimeException ex) {
				if (attempt >= SWAP_ATTEMPTS || !ShadowTables.isLockConflict(ex)) {
					throw ex;
				}
				logger.info("The rebuild could not swap its tables in (attempt {} of {}): {}", attempt, SWAP_ATTEMPTS,
						ex.toString());
				log.seek(mark);
			}
		}
	}

	/** The batch's result, or its failure as it was thrown. */
	private static int joined(CompletableFuture<Integer> applying) {
		try {
			return applying.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	/**
	 * What a rebuild did.
	 *
	 * @param changesRead records read from the log
	 * @param changesApplied changes that moved the funnel (the rest were duplicates)
	 * @param unreadable records skipped because they could not be read
	 * @param millis how long it took
	 * @param funnel the pilot's funnel after the rebuild
	 */
	public record Result(long changesRead, long changesApplied, long unreadable, long millis, Pilot funnel) {

		/**
		 * The pilot's funnel.
		 *
		 * @param stages its rows, as {@code GET /api/v1/funnel} answers them
		 */
		public record Pilot(List<StageRow> stages) {
		}

	}

}

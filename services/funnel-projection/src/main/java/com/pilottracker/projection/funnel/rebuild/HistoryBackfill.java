package com.pilottracker.projection.funnel.rebuild;

import java.time.Duration;

import com.pilottracker.projection.funnel.store.FunnelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Projection tables from before {@code change_log} existed have enterprises and no
 * history, so "as known at" could not be answered: the projection is rebuilt from the log
 * once, in the background, which writes the history too.
 */
@Component
class HistoryBackfill implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(HistoryBackfill.class);

	private final FunnelStore store;

	private final ProjectionRebuild rebuild;

	HistoryBackfill(FunnelStore store, ProjectionRebuild rebuild) {
		this.store = store;
		this.rebuild = rebuild;
	}

	@Override
	public void run(ApplicationArguments args) {
		Boolean lacksHistory = this.store.lacksHistory().onErrorReturn(false).block(Duration.ofSeconds(30));
		if (Boolean.TRUE.equals(lacksHistory)) {
			logger
				.info("The projection has no history yet (tables from before change_log): rebuilding it from the log");
			Thread backfill = new Thread(() -> {
				try {
					this.rebuild.rebuild();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not rebuild the projection's history: {}", ex.toString());
				}
			}, "projection-history-backfill");
			backfill.setDaemon(true);
			backfill.start();
		}
	}

}

package com.pilottracker.projection.funnel.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.pilottracker.contracts.Stage;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.store.FunnelStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The funnel as Prometheus gauges {@code pilot_funnel_reached{stage}} and
 * {@code pilot_funnel_current{stage}}. A scrape reads a snapshot in memory, never the
 * database; the snapshot is refreshed every second (whichever instance applied the
 * changes), not after each applied batch: that was one more query per batch in the
 * listener's thread, ahead of the next batch, for gauges scraped every 15 s.
 */
@Component
public class FunnelGauges {

	private static final Logger logger = LoggerFactory.getLogger(FunnelGauges.class);

	private final FunnelStore store;

	private final AtomicReference<Funnel> snapshot = new AtomicReference<>(Funnel.of(java.util.Map.of()));

	FunnelGauges(FunnelStore store, MeterRegistry meters) {
		this.store = store;
		for (Stage stage : Stage.values()) {
			Gauge.builder("pilot.funnel.reached", this.snapshot, (funnel) -> funnel.get().stage(stage).reached())
				.description("Enterprises that ever reached the stage")
				.tag("stage", stage.name())
				.register(meters);
			Gauge.builder("pilot.funnel.current", this.snapshot, (funnel) -> funnel.get().stage(stage).current())
				.description("Enterprises in the stage now")
				.tag("stage", stage.name())
				.register(meters);
		}
	}

	/** Reads the funnel from the database into the snapshot. */
	@Scheduled(fixedDelayString = "${pilot.funnel.gauge-refresh:1s}", initialDelay = 0)
	public void refresh() {
		try {
			Funnel funnel = this.store.funnel(null, null).block(Duration.ofSeconds(10));
			if (funnel != null) {
				this.snapshot.set(funnel);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the funnel gauges: {}", ex.toString());
		}
	}

}

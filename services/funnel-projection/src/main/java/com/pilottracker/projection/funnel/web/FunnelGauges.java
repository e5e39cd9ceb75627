package com.pilottracker.projection.funnel.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.store.FunnelStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The funnel as Prometheus gauges {@code pilot_funnel_reached{programme,stage}} and
 * {@code pilot_funnel_current{programme,stage}}: one series per stage (exits included) of
 * every programme in the catalog, so the tags are bounded by the definitions, never by
 * what arrives. The names are the pilot's of the release before; its series gained
 * {@code programme="pilot"}.
 * <p>
 * A scrape reads a snapshot in memory, never the database; the snapshot is refreshed
 * every second (whichever instance applied the changes), not after each applied batch:
 * that was one more query per batch in the listener's thread, ahead of the next batch,
 * for gauges scraped every 15 s.
 */
@Component
public class FunnelGauges {

	private static final Logger logger = LoggerFactory.getLogger(FunnelGauges.class);

	private final FunnelStore store;

	private final AtomicReference<Map<String, Funnel>> snapshot = new AtomicReference<>(Map.of());

	FunnelGauges(FunnelStore store, ProgrammeCatalog programmes, MeterRegistry meters) {
		this.store = store;
		programmes.all().forEach((programme) -> gauges(programme, meters));
		programmes.onNewProgramme((programme) -> gauges(programme, meters));
	}

	private void gauges(Programme programme, MeterRegistry meters) {
		for (Stage stage : programme.allStages()) {
			Gauge
				.builder("pilot.funnel.reached", this.snapshot, (funnels) -> count(funnels, programme, stage).reached())
				.description("Enterprises that ever reached the stage of the programme")
				.tag("programme", programme.id())
				.tag("stage", stage.name())
				.register(meters);
			Gauge
				.builder("pilot.funnel.current", this.snapshot, (funnels) -> count(funnels, programme, stage).current())
				.description("Enterprises in the stage of the programme now")
				.tag("programme", programme.id())
				.tag("stage", stage.name())
				.register(meters);
		}
	}

	private static Funnel.StageCount count(AtomicReference<Map<String, Funnel>> funnels, Programme programme,
			Stage stage) {
		Funnel funnel = funnels.get().get(programme.id());
		return (funnel != null) ? funnel.stage(stage) : new Funnel.StageCount(stage, 0, 0);
	}

	/** Reads every programme's funnel from the database into the snapshot. */
	@Scheduled(fixedDelayString = "${pilot.funnel.gauge-refresh:1s}", initialDelay = 0)
	public void refresh() {
		try {
			Map<String, Funnel> funnels = this.store.funnels().block(Duration.ofSeconds(10));
			if (funnels != null) {
				this.snapshot.set(funnels);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the funnel gauges: {}", ex.toString());
		}
	}

}

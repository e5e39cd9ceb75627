package com.pilottracker.projection.funnel.web;

import java.util.List;

import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.store.FunnelStore;
import com.pilottracker.projection.funnel.store.Rebuilds;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/funnel[?district=…][&industry=…]}: reached and current per stage, in
 * lifecycle order, and whether a rebuild is in progress (the figures are then the ones
 * from before it, kept current by the live listener, until the rebuild swaps its tables
 * in).
 */
@RestController
@RequestMapping("/api/v1/funnel")
class FunnelController {

	static final int MAX_FILTER_LENGTH = 64;

	private final FunnelStore store;

	private final Rebuilds rebuilds;

	FunnelController(FunnelStore store, Rebuilds rebuilds) {
		this.store = store;
		this.rebuilds = rebuilds;
	}

	@GetMapping(produces = "application/json")
	Mono<FunnelView> funnel(@RequestParam(required = false) String district,
			@RequestParam(required = false) String industry) {
		String districtFilter = filter("district", district);
		String industryFilter = filter("industry", industry);
		return this.store.funnel(districtFilter, industryFilter)
			.map((funnel) -> new FunnelView(districtFilter, industryFilter, funnel.stages(),
					this.rebuilds.inProgress()));
	}

	private static String filter(String name, String value) {
		if (value == null) {
			return null;
		}
		if (value.isBlank() || value.length() > MAX_FILTER_LENGTH) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be 1 to " + MAX_FILTER_LENGTH + " characters");
		}
		return value.strip();
	}

	/**
	 * The funnel as served.
	 *
	 * @param district the district filter, {@code null} for every district
	 * @param industry the industry filter, {@code null} for every industry
	 * @param stages reached and current per stage, in lifecycle order
	 * @param rebuilding whether a rebuild of the projection is in progress
	 */
	record FunnelView(String district, String industry, List<Funnel.StageCount> stages, boolean rebuilding) {
	}

}

package com.pilottracker.projection.funnel.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Text;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.projection.funnel.kafka.ProjectionLag;
import com.pilottracker.projection.funnel.store.FunnelStore;
import com.pilottracker.projection.funnel.store.Position;
import com.pilottracker.projection.funnel.store.Rebuilds;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/funnel[?programme=…][&district=…][&industry=…][&<attribute>=…]}:
 * reached and current per stage of a programme (the pilot when none is named), its exits
 * last, narrowed to a district, an industry and values of the programme's own attributes;
 * whether a rebuild is in progress (the figures are then the ones from before it, kept
 * current by the live listener, until the rebuild swaps its tables in); the projection's
 * position and lag.
 * <p>
 * An unknown programme is 404; a parameter the programme does not declare, a repeated
 * one, or a value that is empty, longer than {@value #MAX_FILTER_LENGTH} characters or
 * one the attribute does not take (a boolean other than {@code true} or {@code false}) is
 * 400.
 */
@RestController
@RequestMapping("/api/v1/funnel")
class FunnelController {

	static final int MAX_FILTER_LENGTH = 64;

	static final String PROGRAMME = "programme";

	private final FunnelStore store;

	private final Rebuilds rebuilds;

	private final ProgrammeCatalog programmes;

	private final ProjectionLag lag;

	private final Clock clock = Clock.systemUTC();

	FunnelController(FunnelStore store, Rebuilds rebuilds, ProgrammeCatalog programmes, ProjectionLag lag) {
		this.store = store;
		this.rebuilds = rebuilds;
		this.programmes = programmes;
		this.lag = lag;
	}

	@GetMapping(produces = "application/json")
	Mono<FunnelView> funnel(@RequestParam MultiValueMap<String, String> query) {
		Programme programme = ProgrammeParameter.programme(this.programmes, single(query, PROGRAMME));
		Map<String, String> filters = new TreeMap<>();
		String district = null;
		String industry = null;
		for (String name : query.keySet()) {
			if (PROGRAMME.equals(name)) {
				continue;
			}
			Programme.AttributeDefinition attribute = programme.attribute(name)
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"programme " + programme.id() + " has no filter '" + Text.forLog(name) + "'; it has "
								+ programme.attributes().stream().map(Programme.AttributeDefinition::name).toList()));
			String value = filter(attribute, single(query, name));
			if ("district".equals(name)) {
				district = value;
			}
			else if ("industry".equals(name)) {
				industry = value;
			}
			else {
				filters.put(name, value);
			}
		}
		String districtFilter = district;
		String industryFilter = industry;
		return Mono.zip(this.store.funnel(programme, districtFilter, industryFilter, filters), this.store.position())
			.map((read) -> {
				Funnel funnel = read.getT1();
				Position position = read.getT2();
				return new FunnelView(programme.id(), districtFilter, industryFilter, filters,
						StageRow.rows(funnel.stages()), StageRow.rows(funnel.exits()), this.rebuilds.inProgress(),
						position.shown(), this.lag.lag(position, this.clock.instant()));
			});
	}

	private static String single(MultiValueMap<String, String> query, String name) {
		List<String> values = query.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " is given more than once");
		}
		return values.get(0);
	}

	private static String filter(Programme.AttributeDefinition attribute, String value) {
		if (value == null || value.isBlank() || value.length() > MAX_FILTER_LENGTH) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					attribute.name() + " must be 1 to " + MAX_FILTER_LENGTH + " characters");
		}
		String stripped = value.strip();
		if (!attribute.accepts(stripped)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, attribute.name() + " takes "
					+ attribute.kind().name().toLowerCase(java.util.Locale.ROOT) + " values");
		}
		return stripped;
	}

	/**
	 * The funnel as served.
	 *
	 * @param programme the programme's id
	 * @param district the district filter, {@code null} for every district
	 * @param industry the industry filter, {@code null} for every industry
	 * @param filters the filters on the programme's own attributes, by name (empty for
	 * none)
	 * @param stages reached and current per stage, in the programme's order, its exits
	 * last (for the pilot: SOLICITED, CONTRACTED, PRE_ACCEPTANCE, WITHDRAWN)
	 * @param exits the exits' rows again
	 * @param rebuilding whether a rebuild of the projection is in progress
	 * @param position the projection's position (over every programme)
	 * @param lag how far behind the projection is
	 */
	record FunnelView(String programme, String district, String industry, Map<String, String> filters,
			List<StageRow> stages, List<StageRow> exits, boolean rebuilding, Position.Shown position,
			ProjectionLag.Lag lag) {

		FunnelView {
			filters = new LinkedHashMap<>(filters);
		}

	}

}

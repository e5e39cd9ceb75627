package com.pilottracker.projection.funnel;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.contracts.Stage;

/**
 * One counter of the funnel: a stage of a programme within a district, an industry and
 * the programme's own attributes.
 *
 * @param programme the programme's id
 * @param district the district
 * @param industry the industry
 * @param attributes the programme's own attributes, never {@code null}
 * @param stage the stage
 */
public record FunnelKey(String programme, String district, String industry, Map<String, String> attributes,
		Stage stage) {

	public FunnelKey {
		attributes = (attributes == null || attributes.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new TreeMap<>(attributes));
	}

}

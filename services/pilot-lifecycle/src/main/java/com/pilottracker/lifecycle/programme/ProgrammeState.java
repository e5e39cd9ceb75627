package com.pilottracker.lifecycle.programme;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.pilottracker.contracts.Stage;

/**
 * An enterprise in one programme as its applied milestones (and lapses) make it: what a
 * stage change publishes.
 *
 * @param stage where it stands: a funnel stage or an exit
 * @param reachedAt when it first reached each stage and exit it has reached, in the
 * programme's order
 * @param district from the milestone that entered the programme
 * @param industry likewise
 * @param attributes the programme's own attributes, likewise
 * @param provider the provider named by the applied stage that names one, {@code null}
 * before it
 */
public record ProgrammeState(Stage stage, Map<Stage, Instant> reachedAt, String district, String industry,
		Map<String, String> attributes, String provider) {

	public ProgrammeState {
		Objects.requireNonNull(stage, "stage");
		reachedAt = Collections.unmodifiableMap(new LinkedHashMap<>(reachedAt));
		attributes = (attributes == null || attributes.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new TreeMap<>(attributes));
	}

}

package com.pilottracker.lifecycle.pilot;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import com.pilottracker.contracts.Stage;

/**
 * An enterprise's pilot as its applied milestones make it.
 *
 * @param stage where it stands
 * @param reachedAt when it reached each stage it has reached
 * @param district from its solicitation
 * @param industry from its solicitation
 * @param provider the contracted provider, {@code null} before a contract
 */
public record PilotState(Stage stage, Map<Stage, Instant> reachedAt, String district, String industry,
		String provider) {

	public PilotState {
		Objects.requireNonNull(stage, "stage");
		reachedAt = Map.copyOf(new EnumMap<>(reachedAt));
	}

}

package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;

/**
 * What the projection knows of one enterprise: the last change it applied, where the
 * enterprise is, and when it reached each stage.
 *
 * @param enterprise the enterprise
 * @param version the version of the last change applied
 * @param stage the current stage
 * @param district from its solicitation
 * @param industry from its solicitation
 * @param provider its contracted provider, if any
 * @param reachedAt when it reached each stage (the milestones' {@code time})
 */
public record EnterpriseProgress(Uscc enterprise, long version, Stage stage, String district, String industry,
		String provider, Map<Stage, Instant> reachedAt) {

	public EnterpriseProgress {
		Objects.requireNonNull(enterprise, "enterprise");
		Objects.requireNonNull(stage, "stage");
		reachedAt = reachedAt.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(reachedAt));
	}

}

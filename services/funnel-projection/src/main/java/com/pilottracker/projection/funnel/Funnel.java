package com.pilottracker.projection.funnel;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;

/**
 * A programme's funnel as counted: reached and current per stage. The one model of the
 * counts, whether read from the live counters or counted from enterprises' progress.
 *
 * @param programme the programme's id
 * @param stages every stage of the programme in its order, its exits last, including
 * those with no enterprise
 * @param exits the exits' rows again, on their own
 */
public record Funnel(String programme, List<StageCount> stages, List<StageCount> exits) {

	public Funnel {
		stages = List.copyOf(stages);
		exits = List.copyOf(exits);
	}

	/** The funnel of the counts per stage; a stage without counts has 0 / 0. */
	public static Funnel of(Programme definition, Map<Stage, Counts> counts) {
		List<StageCount> stages = definition.allStages().stream().map((stage) -> {
			Counts count = counts.getOrDefault(stage, Counts.ZERO);
			return new StageCount(stage, count.reached(), count.current());
		}).toList();
		return new Funnel(definition.id(), stages,
				stages.stream().filter((row) -> definition.isExit(row.stage())).toList());
	}

	/**
	 * The funnel the enterprises make, each counted as
	 * {@link EnterpriseProgress#contribution}.
	 */
	public static Funnel counting(Programme definition, Collection<EnterpriseProgress> enterprises) {
		Map<Stage, Counts> counts = new HashMap<>();
		for (EnterpriseProgress progress : enterprises) {
			progress.contribution(1).forEach((key, count) -> counts.merge(key.stage(), count, Counts::plus));
		}
		return of(definition, counts);
	}

	/** The row of {@code stage}; 0 / 0 for a stage the programme does not have. */
	public StageCount stage(Stage stage) {
		return this.stages.stream()
			.filter((row) -> row.stage().equals(stage))
			.findFirst()
			.orElse(new StageCount(stage, 0, 0));
	}

	/**
	 * @param stage the stage
	 * @param reached enterprises that ever got there
	 * @param current enterprises there now
	 */
	public record StageCount(Stage stage, long reached, long current) {
	}

}

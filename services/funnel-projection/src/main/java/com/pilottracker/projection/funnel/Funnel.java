package com.pilottracker.projection.funnel;

import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Stage;

/**
 * The funnel as read: one row per stage in lifecycle order, withdrawals last.
 *
 * @param stages every stage, including those with no enterprise
 */
public record Funnel(List<StageCount> stages) {

	public static Funnel of(Map<Stage, Counts> counts) {
		return new Funnel(Stage.IN_ORDER.stream().map((stage) -> {
			Counts count = counts.getOrDefault(stage, Counts.ZERO);
			return new StageCount(stage, count.reached(), count.current());
		}).toList());
	}

	public StageCount stage(Stage stage) {
		return this.stages.get(stage.ordinal());
	}

	/**
	 * @param stage the stage
	 * @param reached enterprises that ever got there
	 * @param current enterprises there now
	 */
	public record StageCount(Stage stage, long reached, long current) {
	}

}

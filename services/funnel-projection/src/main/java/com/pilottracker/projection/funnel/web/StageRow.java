package com.pilottracker.projection.funnel.web;

import java.util.List;

import com.pilottracker.projection.funnel.Funnel;

/**
 * One stage's counts as answers show them.
 *
 * @param stage the stage's name
 * @param reached enterprises that ever got there
 * @param current enterprises there now
 */
public record StageRow(String stage, long reached, long current) {

	/** The rows of the counts, in their order. */
	public static List<StageRow> rows(List<Funnel.StageCount> counts) {
		return counts.stream()
			.map((count) -> new StageRow(count.stage().name(), count.reached(), count.current()))
			.toList();
	}

}

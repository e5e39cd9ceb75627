package com.pilottracker.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a provider or the office reports: one CloudEvents {@code type} per milestone, each
 * leading to one {@link Stage}.
 */
public enum MilestoneType {

	SOLICITED("pilot.solicited", Stage.SOLICITED),

	CONTRACTED("pilot.contracted", Stage.CONTRACTED),

	PRE_ACCEPTANCE("pilot.pre-acceptance", Stage.PRE_ACCEPTANCE),

	WITHDRAWN("pilot.withdrawn", Stage.WITHDRAWN);

	private final String cloudEventType;

	private final Stage targetStage;

	MilestoneType(String cloudEventType, Stage targetStage) {
		this.cloudEventType = cloudEventType;
		this.targetStage = targetStage;
	}

	/** The CloudEvents {@code type} attribute, for example {@code pilot.contracted}. */
	public String cloudEventType() {
		return this.cloudEventType;
	}

	/** The stage an enterprise is in once this milestone is applied. */
	public Stage targetStage() {
		return this.targetStage;
	}

	public static Optional<MilestoneType> fromCloudEventType(String type) {
		return Arrays.stream(values()).filter((candidate) -> candidate.cloudEventType.equals(type)).findFirst();
	}

}

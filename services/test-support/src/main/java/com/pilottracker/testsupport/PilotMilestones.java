package com.pilottracker.testsupport;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programmes;

/**
 * The pilot's milestone types, from its shipped definition, for tests that speak of them
 * (named like the stage each reaches).
 */
public final class PilotMilestones {

	public static final MilestoneType SOLICITED = type("pilot.solicited");

	public static final MilestoneType CONTRACTED = type("pilot.contracted");

	public static final MilestoneType PRE_ACCEPTANCE = type("pilot.pre-acceptance");

	public static final MilestoneType WITHDRAWN = type("pilot.withdrawn");

	private PilotMilestones() {
	}

	private static MilestoneType type(String value) {
		MilestoneType type = new MilestoneType(value);
		Programmes.pilot().step(type).orElseThrow();
		return type;
	}

}

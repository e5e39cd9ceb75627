package com.pilottracker.testsupport;

import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;

/**
 * The pilot's stages and exit by name, from its shipped definition, for tests that speak
 * of them (production code reads them from the
 * {@link com.pilottracker.contracts.Programme} it is given).
 */
public final class PilotStages {

	public static final Stage SOLICITED = stage("SOLICITED");

	public static final Stage CONTRACTED = stage("CONTRACTED");

	public static final Stage PRE_ACCEPTANCE = stage("PRE_ACCEPTANCE");

	public static final Stage WITHDRAWN = stage("WITHDRAWN");

	private PilotStages() {
	}

	private static Stage stage(String name) {
		return Programmes.pilot().stage(name).orElseThrow();
	}

}

package com.pilottracker.lifecycle.pilot;

import java.util.Objects;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;

/**
 * One enterprise's pilot as the lifecycle keeps it.
 *
 * @param enterprise the enterprise
 * @param stage where it stands
 * @param version how many steps have been applied (1 after solicitation)
 * @param district from its solicitation
 * @param industry from its solicitation
 * @param provider the contracted provider, {@code null} before a contract
 */
public record Pilot(Uscc enterprise, Stage stage, long version, String district, String industry, String provider) {

	public Pilot {
		Objects.requireNonNull(enterprise, "enterprise");
		Objects.requireNonNull(stage, "stage");
	}

}

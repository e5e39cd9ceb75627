package com.pilottracker.projection.funnel;

import java.util.Objects;

import com.pilottracker.contracts.Uscc;

/**
 * An enterprise in one programme: the projection keeps one progress per programme an
 * enterprise is in.
 *
 * @param programme the programme's id
 * @param enterprise the enterprise
 */
public record EnterpriseKey(String programme, Uscc enterprise) {

	public EnterpriseKey {
		Objects.requireNonNull(programme, "programme");
		Objects.requireNonNull(enterprise, "enterprise");
	}

}

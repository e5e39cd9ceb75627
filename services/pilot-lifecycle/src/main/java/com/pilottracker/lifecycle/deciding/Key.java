package com.pilottracker.lifecycle.deciding;

import java.util.Objects;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.Uscc;

/**
 * An enterprise in a programme: what its state, version and due instant are kept by.
 *
 * @param programme the programme's id
 * @param enterprise the enterprise
 */
public record Key(String programme, Uscc enterprise) implements Comparable<Key> {

	public Key {
		Objects.requireNonNull(programme, "programme");
		Objects.requireNonNull(enterprise, "enterprise");
	}

	public static Key of(Milestone milestone) {
		return new Key(milestone.programme(), milestone.subject());
	}

	@Override
	public int compareTo(Key other) {
		int byProgramme = this.programme.compareTo(other.programme);
		return (byProgramme != 0) ? byProgramme : this.enterprise.value().compareTo(other.enterprise.value());
	}

}

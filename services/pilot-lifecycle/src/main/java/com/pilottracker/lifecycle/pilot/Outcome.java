package com.pilottracker.lifecycle.pilot;

import com.pilottracker.contracts.StageChanged;

/** What applying one milestone came to: a step taken, or a refusal with its reason. */
public sealed interface Outcome permits Outcome.Applied, Outcome.Refused {

	/**
	 * The milestone was a legal step.
	 *
	 * @param pilot the pilot after the step
	 * @param change the event to publish
	 */
	record Applied(Pilot pilot, StageChanged change) implements Outcome {
	}

	/**
	 * The milestone was not applied.
	 *
	 * @param reason the reason code
	 * @param detail the same for a person
	 */
	record Refused(RejectionReason reason, String detail) implements Outcome {
	}

}

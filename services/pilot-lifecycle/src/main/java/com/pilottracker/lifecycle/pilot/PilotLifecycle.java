package com.pilottracker.lifecycle.pilot;

import java.time.Instant;
import java.util.Optional;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;

/**
 * Applies a milestone to an enterprise's pilot through the {@link TransitionTable}. A
 * business refusal is an {@link Outcome.Refused} value, not an exception.
 */
public final class PilotLifecycle {

	private PilotLifecycle() {
	}

	/**
	 * @param current the enterprise's pilot, empty if it is not in the pilot
	 * @param milestone the milestone to apply; its subject is the enterprise
	 * @param now when the lifecycle applies it
	 */
	public static Outcome apply(Optional<Pilot> current, Milestone milestone, Instant now) {
		Optional<Stage> from = current.map(Pilot::stage);
		TransitionTable.Step step = TransitionTable.step(from, milestone.type());
		if (!step.isLegal()) {
			return new Outcome.Refused(step.refusal(), describe(step.refusal(), from, milestone.type()));
		}
		String district = current.map(Pilot::district).orElse(milestone.data().district());
		String industry = current.map(Pilot::industry).orElse(milestone.data().industry());
		String provider = (milestone.type() == MilestoneType.CONTRACTED) ? milestone.data().provider()
				: current.map(Pilot::provider).orElse(null);
		long version = current.map(Pilot::version).orElse(0L) + 1;
		Pilot next = new Pilot(milestone.subject(), step.target(), version, district, industry, provider);
		StageChanged change = new StageChanged(StageChangedCodec.eventIdFor(milestone.source(), milestone.id()),
				milestone.subject(), from.orElse(null), step.target(), version, milestone.time(), now,
				milestone.source(), milestone.id(), district, industry, provider);
		return new Outcome.Applied(next, change);
	}

	private static String describe(RejectionReason reason, Optional<Stage> from, MilestoneType type) {
		String where = from.map((stage) -> "the enterprise is " + stage).orElse("the enterprise is not in the pilot");
		switch (reason) {
			case PREDECESSOR_MISSING:
				return type.cloudEventType() + " needs an earlier step first; " + where;
			case STAGE_ALREADY_REACHED:
				return where + " already; " + type.cloudEventType() + " was applied before";
			case STEP_BACKWARDS:
				return type.cloudEventType() + " would move back; " + where;
			case AFTER_WITHDRAWAL:
				return "the pilot was withdrawn; nothing follows a withdrawal";
			default:
				throw new IllegalStateException("unknown reason " + reason);
		}
	}

}

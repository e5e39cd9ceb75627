package com.pilottracker.lifecycle.pilot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;

/**
 * Decides an enterprise's milestones in the order they happened, whatever order they
 * arrived in: sorted by {@code time} (then by lifecycle order, source and id, so ties are
 * decided the same way every time), each is put through the {@link TransitionTable}.
 * <p>
 * The outcome is a pure function of the set of milestones, which is what makes the funnel
 * independent of arrival order and duplication:
 * <ul>
 * <li>a legal step is {@code APPLIED};</li>
 * <li>a step whose predecessor is missing is {@code HELD}, waiting for that stage, unless
 * its {@code time} lies before the hold cut-off, when it is {@code REJECTED} with
 * {@code PREDECESSOR_MISSING} and takes no part in later decisions;</li>
 * <li>any other illegal step is {@code REJECTED} with its reason.</li>
 * </ul>
 * A late report of an earlier step is therefore applied in its place: it can add a stage
 * to an enterprise that has moved on, and (rarely) turn a later step that is no longer
 * legal into a rejection.
 */
public final class PilotHistory {

	private static final Comparator<Milestone> IN_ORDER_OF_TIME = Comparator.comparing(Milestone::time)
		.thenComparing((milestone) -> milestone.type().targetStage().ordinal())
		.thenComparing(Milestone::source)
		.thenComparing(Milestone::id);

	private PilotHistory() {
	}

	/**
	 * @param milestones every milestone of one enterprise that takes part (duplicates by
	 * source and id already removed; expired holds left out)
	 * @param holdCutoff a milestone that would be held but happened before this instant
	 * is rejected instead
	 * @param holdLimit the hold limit, for the rejection's message
	 */
	public static Replay replay(Collection<Milestone> milestones, Instant holdCutoff, Duration holdLimit) {
		List<Milestone> ordered = new ArrayList<>(milestones);
		ordered.sort(IN_ORDER_OF_TIME);
		Map<Milestone, Verdict> verdicts = new LinkedHashMap<>();
		Stage stage = null;
		Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
		String district = null;
		String industry = null;
		String provider = null;
		for (Milestone milestone : ordered) {
			TransitionTable.Step step = TransitionTable.step(Optional.ofNullable(stage), milestone.type());
			if (step.isLegal()) {
				stage = step.target();
				reachedAt.put(stage, milestone.time());
				if (milestone.type() == MilestoneType.SOLICITED) {
					district = milestone.data().district();
					industry = milestone.data().industry();
				}
				if (milestone.type() == MilestoneType.CONTRACTED) {
					provider = milestone.data().provider();
				}
				verdicts.put(milestone, Verdict.APPLIED);
			}
			else if (step.refusal() == RejectionReason.PREDECESSOR_MISSING) {
				Stage waitingFor = predecessor(milestone.type());
				if (milestone.time().isBefore(holdCutoff)) {
					verdicts.put(milestone,
							Verdict.rejected(RejectionReason.PREDECESSOR_MISSING,
									milestone.type().cloudEventType() + " was held for " + waitingFor
											+ ", which was not reported" + " within " + holdLimit.toDays()
											+ " days of the milestone's time"));
				}
				else {
					verdicts.put(milestone, Verdict.held(waitingFor, milestone.type().cloudEventType()
							+ " is held until the enterprise reaches " + waitingFor + "; " + where(stage)));
				}
			}
			else {
				verdicts.put(milestone, Verdict.rejected(step.refusal(), describe(step.refusal(), stage, milestone)));
			}
		}
		PilotState state = (stage != null) ? new PilotState(stage, reachedAt, district, industry, provider) : null;
		return new Replay(Optional.ofNullable(state), verdicts);
	}

	/** The stage a milestone needs the enterprise to be in. */
	static Stage predecessor(MilestoneType type) {
		switch (type) {
			case CONTRACTED:
				return Stage.SOLICITED;
			case PRE_ACCEPTANCE:
				return Stage.CONTRACTED;
			case WITHDRAWN:
				return Stage.SOLICITED;
			default:
				throw new IllegalArgumentException(type + " has no predecessor");
		}
	}

	private static String where(Stage stage) {
		return (stage != null) ? "the enterprise is " + stage : "the enterprise is not in the pilot yet";
	}

	private static String describe(RejectionReason reason, Stage stage, Milestone milestone) {
		String type = milestone.type().cloudEventType();
		switch (reason) {
			case STAGE_ALREADY_REACHED:
				return where(stage) + " already; " + type + " repeats a step";
			case STEP_BACKWARDS:
				return type + " would move the enterprise back; " + where(stage);
			case AFTER_WITHDRAWAL:
				return "the pilot was withdrawn before " + milestone.time() + "; nothing follows a withdrawal";
			default:
				throw new IllegalStateException("not a final refusal: " + reason);
		}
	}

	/**
	 * The outcome of a replay.
	 *
	 * @param state the pilot, empty when no milestone is applied
	 * @param verdicts the verdict on each milestone, in the order they happened
	 */
	public record Replay(Optional<PilotState> state, Map<Milestone, Verdict> verdicts) {

		public Verdict verdictOn(Milestone milestone) {
			return this.verdicts.get(milestone);
		}

	}

}

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
import com.pilottracker.contracts.Reporter;
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
 * <p>
 * Who reported a step matters as much as where it stands ({@link #authority}): the office
 * may report any step; a provider reports contracts naming itself, and pre-acceptances
 * and withdrawals only where the contract applied at that place in the history names it.
 * A provider's contract for an enterprise that another provider's applied contract holds
 * is rejected whatever its {@code time}: the holder is the provider of the contract
 * applied before this replay, so a back-dated contract cannot take an enterprise over.
 * Only the office changes who an enterprise is contracted with.
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
	 * @param holder the provider of the contract applied before this replay (the
	 * enterprise's {@link PilotState#provider()} as last decided), {@code null} if none
	 * @param holdCutoff a milestone that would be held but happened before this instant
	 * is rejected instead
	 * @param holdLimit the hold limit, for the rejection's message
	 */
	public static Replay replay(Collection<Milestone> milestones, String holder, Instant holdCutoff,
			Duration holdLimit) {
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
			RejectionReason unauthorised = authority(milestone, step, provider, holder);
			if (unauthorised != null) {
				verdicts.put(milestone, Verdict.rejected(unauthorised, describe(unauthorised, stage, milestone)));
			}
			else if (step.isLegal()) {
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

	/**
	 * Why the milestone's reporter may not take this step here, or {@code null} if it may
	 * (then the table decides). Checked before the table's own refusals, so a provider
	 * outside the enterprise's contract learns nothing of where the enterprise stands.
	 * @param step the table's cell for the milestone at this place
	 * @param contracted the provider of the contract applied at this place, or
	 * {@code null}
	 * @param holder the provider of the contract applied before this replay, or
	 * {@code null}
	 */
	static RejectionReason authority(Milestone milestone, TransitionTable.Step step, String contracted, String holder) {
		Reporter reporter = Reporter.of(milestone.source());
		if (reporter instanceof Reporter.Office) {
			return null;
		}
		String provider = (reporter instanceof Reporter.Provider named) ? named.id() : null;
		switch (milestone.type()) {
			case SOLICITED:
				return RejectionReason.OFFICE_ONLY;
			case CONTRACTED:
				if (provider == null || !provider.equals(milestone.data().provider())) {
					return RejectionReason.NOT_CONTRACTED_PROVIDER;
				}
				if ((holder != null && !holder.equals(provider))
						|| (contracted != null && !contracted.equals(provider))) {
					return RejectionReason.CONTRACTED_WITH_ANOTHER_PROVIDER;
				}
				return null;
			default:
				if (provider != null && provider.equals(contracted)) {
					return null;
				}
				if (holder != null && !holder.equals(provider)) {
					return RejectionReason.NOT_CONTRACTED_PROVIDER;
				}
				// no contract applied here yet, and none held by another: the step may
				// wait for one (its own contract, held for the solicitation), but is
				// refused where it would be legal without one
				boolean mayWait = contracted == null && !step.isLegal()
						&& step.refusal() == RejectionReason.PREDECESSOR_MISSING;
				return mayWait ? null : RejectionReason.NOT_CONTRACTED_PROVIDER;
		}
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
			case OFFICE_ONLY:
				return "only the programme office reports " + type;
			case NOT_CONTRACTED_PROVIDER:
				return (milestone.type() == MilestoneType.CONTRACTED)
						? "a provider reports only contracts naming itself as data.provider"
						: "the reporting provider is not the enterprise's contracted provider at " + milestone.time()
								+ "; only the contracted provider or the programme office reports " + type;
			case CONTRACTED_WITH_ANOTHER_PROVIDER:
				return "the enterprise is contracted with another provider; only the programme office changes "
						+ "who an enterprise is contracted with";
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

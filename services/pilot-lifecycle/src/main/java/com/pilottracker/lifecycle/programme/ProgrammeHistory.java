package com.pilottracker.lifecycle.programme;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Reporter;
import com.pilottracker.contracts.Stage;

/**
 * Decides an enterprise's milestones in one programme in the order they happened,
 * whatever order they arrived in: sorted by {@code time} (then by the programme's order
 * of steps, source and id, so ties are decided the same way every time), each is put
 * through the {@link TransitionTable}.
 * <p>
 * The outcome is a pure function of the set of milestones, the holder (below) and the
 * <em>horizon</em>: the latest instant the milestone log shows has passed. Nothing reads
 * a clock.
 * <ul>
 * <li>a legal step is {@code APPLIED};</li>
 * <li>a step whose predecessor is missing is {@code HELD}, waiting for that stage, until
 * its hold expires: once the horizon reaches its acceptance time plus the programme's
 * hold limit it is {@code REJECTED} with {@code PREDECESSOR_MISSING} and takes no part in
 * later decisions;</li>
 * <li>any other illegal step is {@code REJECTED} with its reason.</li>
 * </ul>
 * A programme with a renewal that lapses: when the validity has passed since the current
 * stage was reached or last renewed (milestone {@code time}s), the enterprise takes the
 * lapse exit at that instant, provided the horizon has reached it; a re-review dated
 * before that instant, however late it arrives, undoes the lapse on the next replay.
 * <p>
 * Who reported a step matters as much as where it stands ({@link #authority}): the office
 * may report any step; a provider reports the step that names the provider for itself,
 * and the steps the contracted provider reports only where the step that named it applied
 * at that place in the history names it. A provider's naming step for an enterprise that
 * another provider holds is rejected whatever its {@code time}: the holder is the
 * provider applied before this replay, so a back-dated contract cannot take an enterprise
 * over.
 */
public final class ProgrammeHistory {

	private ProgrammeHistory() {
	}

	/**
	 * @param programme the programme that declares every milestone's type
	 * @param milestones every milestone of one enterprise in the programme that takes
	 * part (duplicates by source and id removed; expired holds left out), each with its
	 * acceptance time
	 * @param holder the provider applied before this replay (the enterprise's
	 * {@link ProgrammeState#provider()} as last decided), {@code null} if none
	 * @param horizon the latest instant the log shows has passed: holds whose deadline
	 * and lapses whose instant is at or before it take effect
	 */
	public static Replay replay(Programme programme, Collection<Milestone> milestones, String holder, Instant horizon) {
		Map<MilestoneType, Integer> order = new HashMap<>();
		programme.milestoneTypes().forEach((type) -> order.put(type, order.size()));
		List<Milestone> ordered = new ArrayList<>(milestones);
		ordered.sort(Comparator.comparing(Milestone::time)
			.thenComparing((milestone) -> order.getOrDefault(milestone.type(), Integer.MAX_VALUE))
			.thenComparing(Milestone::source)
			.thenComparing(Milestone::id));
		Run run = new Run(programme, horizon);
		Map<Milestone, Verdict> verdicts = new LinkedHashMap<>();
		for (Milestone milestone : ordered) {
			Objects.requireNonNull(milestone.acceptedAt(), "a milestone is decided once it is accepted");
			run.lapseBefore(milestone.time());
			verdicts.put(milestone, run.decide(milestone, holder));
		}
		run.lapseBefore(null);
		Optional<Instant> nextDue = run.lapseAt();
		for (Map.Entry<Milestone, Verdict> entry : verdicts.entrySet()) {
			if (entry.getValue() instanceof Verdict.Held) {
				Instant deadline = deadline(programme, entry.getKey());
				nextDue = Optional.of(nextDue.filter((due) -> due.isBefore(deadline)).orElse(deadline));
			}
		}
		return new Replay(Optional.ofNullable(run.state()), verdicts, nextDue);
	}

	/** When a held milestone's hold expires: its acceptance time plus the hold limit. */
	public static Instant deadline(Programme programme, Milestone milestone) {
		return milestone.acceptedAt().plus(programme.holdLimit());
	}

	/**
	 * Why the milestone's reporter may not take this step here, or {@code null} if it may
	 * (then the table decides). Checked before the table's own refusals, so a provider
	 * outside the enterprise's contract learns nothing of where the enterprise stands.
	 * @param cell the table's cell for the milestone at this place
	 * @param contracted the provider applied at this place, or {@code null}
	 * @param holder the provider applied before this replay, or {@code null}
	 */
	static RejectionReason authority(Programme programme, Milestone milestone, TransitionTable.Step cell,
			String contracted, String holder) {
		Reporter reporter = Reporter.of(milestone.source());
		if (reporter instanceof Reporter.Office) {
			return null;
		}
		String provider = (reporter instanceof Reporter.Provider named) ? named.id() : null;
		Programme.Step step = programme.step(milestone.type()).orElseThrow();
		switch (step.reportedBy()) {
			case OFFICE:
				return RejectionReason.OFFICE_ONLY;
			case NAMING_PROVIDER:
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
				// no provider applied here yet, and none held by another: the step may
				// wait for one (its own contract, held for the solicitation), but is
				// refused where it would be legal without one
				boolean mayWait = contracted == null && cell instanceof TransitionTable.Hold;
				return mayWait ? null : RejectionReason.NOT_CONTRACTED_PROVIDER;
		}
	}

	/** The instant a recognition valid from {@code from} lapses. */
	static Instant lapseInstant(Programme.Renewal renewal, Instant from) {
		return from.atOffset(ZoneOffset.UTC).plus(renewal.validity()).toInstant();
	}

	/** One replay's state as it goes through the milestones. */
	private static final class Run {

		private final Programme programme;

		private final Instant horizon;

		private final Optional<Programme.Renewal> lapsing;

		private Stage stage;

		private final Map<Stage, Instant> reachedAt = new LinkedHashMap<>();

		private String district;

		private String industry;

		private Map<String, String> attributes = Map.of();

		private String provider;

		// since when the current funnel stage's recognition is valid
		private Instant validFrom;

		Run(Programme programme, Instant horizon) {
			this.programme = programme;
			this.horizon = horizon;
			this.lapsing = programme.renewal().filter((renewal) -> renewal.lapse().isPresent());
		}

		/**
		 * Takes the lapse exit if the recognition lapsed before {@code next} (a
		 * milestone's time; {@code null} for after the last one) and the horizon has
		 * reached that instant.
		 */
		void lapseBefore(Instant next) {
			Optional<Instant> lapse = lapseAt();
			if (lapse.isPresent() && (next == null || lapse.get().isBefore(next))
					&& !lapse.get().isAfter(this.horizon)) {
				this.stage = this.lapsing.get().lapse().get();
				this.reachedAt.putIfAbsent(this.stage, lapse.get());
				this.validFrom = null;
			}
		}

		/** When the current stage lapses, if it is a funnel stage that can lapse. */
		Optional<Instant> lapseAt() {
			if (this.lapsing.isEmpty() || this.validFrom == null || this.stage == null
					|| this.programme.isExit(this.stage)) {
				return Optional.empty();
			}
			return Optional.of(lapseInstant(this.lapsing.get(), this.validFrom));
		}

		Verdict decide(Milestone milestone, String holder) {
			TransitionTable.Step cell = TransitionTable.step(this.programme, Optional.ofNullable(this.stage),
					milestone.type());
			RejectionReason unauthorised = authority(this.programme, milestone, cell, this.provider, holder);
			if (unauthorised != null) {
				return new Verdict.Rejected(unauthorised, describe(unauthorised, milestone));
			}
			if (cell instanceof TransitionTable.Move move) {
				apply(move.target(), milestone);
				return Verdict.APPLIED;
			}
			if (cell instanceof TransitionTable.Renew) {
				this.validFrom = milestone.time();
				return Verdict.APPLIED;
			}
			if (cell instanceof TransitionTable.Hold hold) {
				String type = milestone.type().cloudEventType();
				if (!deadline(this.programme, milestone).isAfter(this.horizon)) {
					return new Verdict.Rejected(RejectionReason.PREDECESSOR_MISSING,
							type + " was held for " + hold.waitingFor() + ", which was not reported within "
									+ days(this.programme) + " of the milestone's acceptance");
				}
				return new Verdict.Held(hold.waitingFor(),
						type + " is held until the enterprise reaches " + hold.waitingFor() + "; " + where());
			}
			RejectionReason reason = ((TransitionTable.Refusal) cell).reason();
			return new Verdict.Rejected(reason, describe(reason, milestone));
		}

		private void apply(Stage target, Milestone milestone) {
			boolean entering = this.stage == null || this.programme.isExit(this.stage);
			this.stage = target;
			this.reachedAt.putIfAbsent(target, milestone.time());
			if (this.programme.isExit(target)) {
				this.validFrom = null;
				return;
			}
			this.validFrom = milestone.time();
			if (entering) {
				// the attributes come from the milestone entering (or re-entering) the
				// programme
				this.district = milestone.data().district();
				this.industry = milestone.data().industry();
				Map<String, String> attributes = new TreeMap<>();
				for (Programme.AttributeDefinition attribute : this.programme.declaredAttributes()) {
					String value = milestone.data().attribute(attribute.name());
					if (value != null && attribute.accepts(value)) {
						attributes.put(attribute.name(), value);
					}
				}
				this.attributes = attributes;
			}
			if (this.programme.definition(target).namesProvider()) {
				this.provider = milestone.data().provider();
			}
		}

		ProgrammeState state() {
			if (this.stage == null) {
				return null;
			}
			Map<Stage, Instant> ordered = new LinkedHashMap<>();
			for (Stage each : this.programme.allStages()) {
				Instant at = this.reachedAt.get(each);
				if (at != null) {
					ordered.put(each, at);
				}
			}
			return new ProgrammeState(this.stage, ordered, this.district, this.industry, this.attributes,
					this.provider);
		}

		private String where() {
			return (this.stage != null) ? "the enterprise is " + this.stage
					: "the enterprise is not in the " + this.programme.id() + " yet";
		}

		private String describe(RejectionReason reason, Milestone milestone) {
			String type = milestone.type().cloudEventType();
			switch (reason) {
				case STAGE_ALREADY_REACHED:
					return where() + " already; " + type + " repeats a step";
				case STEP_BACKWARDS:
					return type + " would move the enterprise back; " + where();
				case AFTER_WITHDRAWAL:
					return "the enterprise left the " + this.programme.id() + " (" + this.stage + ") before "
							+ milestone.time() + "; nothing follows in a programme without re-entry";
				case OFFICE_ONLY:
					return "only the programme office reports " + type;
				case NOT_CONTRACTED_PROVIDER:
					return (this.programme.step(milestone.type())
						.orElseThrow()
						.reportedBy() == Programme.Reporting.NAMING_PROVIDER)
								? "a provider reports only " + type + " naming itself as data.provider"
								: "the reporting provider is not the enterprise's contracted provider at "
										+ milestone.time() + "; only the contracted provider or the programme "
										+ "office reports " + type;
				case CONTRACTED_WITH_ANOTHER_PROVIDER:
					return "the enterprise is contracted with another provider; only the programme office changes "
							+ "who an enterprise is contracted with";
				default:
					throw new IllegalStateException("not a final refusal: " + reason);
			}
		}

		private static String days(Programme programme) {
			long days = programme.holdLimit().toDays();
			return (programme.holdLimit().equals(java.time.Duration.ofDays(days))) ? days + " days"
					: programme.holdLimit().toString();
		}

	}

	/**
	 * The outcome of a replay.
	 *
	 * @param state the enterprise in the programme, empty when nothing is applied
	 * @param verdicts the verdict on each milestone, in the order they happened
	 * @param nextDue the earliest instant after the horizon at which a decision changes
	 * with no milestone arriving: a held milestone's hold expiring or the current stage
	 * lapsing; empty if there is none
	 */
	public record Replay(Optional<ProgrammeState> state, Map<Milestone, Verdict> verdicts, Optional<Instant> nextDue) {

		public Verdict verdictOn(Milestone milestone) {
			return this.verdicts.get(milestone);
		}

	}

}

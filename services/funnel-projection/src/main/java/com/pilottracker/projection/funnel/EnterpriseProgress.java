package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;

/**
 * What is known of one enterprise in one programme: the last change applied, the stage it
 * is in and since when, when it first reached each stage (the milestones' {@code time},
 * not when they were reported), and the attributes it entered with. The one model of an
 * enterprise's progress: the projection counts it ({@link #contribution}), the analytics
 * read it live, as known at an instant, and as of a date ({@link #asOf}).
 *
 * @param programme the programme's id
 * @param enterprise the enterprise
 * @param version the version of the last change applied
 * @param stage the stage it is in now (a funnel stage or an exit)
 * @param since when it entered {@code stage}: the time it reached it, or, when it came
 * back to a stage it had reached before (a re-entry, a lapse undone), the time of the
 * step that brought it back
 * @param district from the milestone that entered the programme
 * @param industry likewise
 * @param provider its contracted provider, if any
 * @param attributes the programme's own attributes (likewise), never {@code null}
 * @param reachedAt when it first reached each stage
 */
public record EnterpriseProgress(String programme, Uscc enterprise, long version, Stage stage, Instant since,
		String district, String industry, String provider, Map<String, String> attributes,
		Map<Stage, Instant> reachedAt) {

	public EnterpriseProgress {
		Objects.requireNonNull(programme, "programme");
		Objects.requireNonNull(enterprise, "enterprise");
		Objects.requireNonNull(stage, "stage");
		attributes = (attributes == null || attributes.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new TreeMap<>(attributes));
		reachedAt = (reachedAt == null || reachedAt.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(reachedAt));
	}

	public EnterpriseKey key() {
		return new EnterpriseKey(this.programme, this.enterprise);
	}

	/** Whether it has ever reached {@code stage} (its time in {@link #reachedAt}). */
	public boolean hasReached(Stage stage) {
		return this.reachedAt.containsKey(stage);
	}

	/**
	 * What the enterprise adds to the funnel, times {@code sign}: 1 to {@code reached} of
	 * every stage it has reached, 1 to {@code current} of the stage it is in, under its
	 * district, industry and attributes.
	 */
	public Map<FunnelKey, Counts> contribution(int sign) {
		Map<FunnelKey, Counts> counts = new LinkedHashMap<>();
		this.reachedAt.keySet().forEach((reached) -> counts.merge(key(reached), new Counts(sign, 0), Counts::plus));
		counts.merge(key(this.stage), new Counts(0, sign), Counts::plus);
		return counts;
	}

	private FunnelKey key(Stage stage) {
		return new FunnelKey(this.programme, this.district, this.industry, this.attributes, stage);
	}

	/**
	 * The enterprise as it was at {@code cutoff}: the stages reached before it, and the
	 * stage it was in then; empty if it had reached none. {@code null} cutoff: as it is.
	 * <p>
	 * If it entered its current stage before the cutoff, it was in that stage then.
	 * Otherwise its stage then is worked out from the stages reached before the cutoff:
	 * an exit (the latest, if several) when the programme allows no re-entry or the exit
	 * was reached no earlier than every funnel stage, else the furthest funnel stage. As
	 * {@link #reachedAt} keeps the first time each stage was reached, an enterprise that
	 * left and re-entered before its latest move is placed by those first times. The
	 * provider counts only once the stage naming it was reached.
	 */
	public Optional<EnterpriseProgress> asOf(Programme definition, Instant cutoff) {
		if (cutoff == null) {
			return Optional.of(this);
		}
		Map<Stage, Instant> before = new LinkedHashMap<>();
		this.reachedAt.forEach((stage, at) -> {
			if (at.isBefore(cutoff)) {
				before.put(stage, at);
			}
		});
		if (before.isEmpty()) {
			return Optional.empty();
		}
		String providerThen = definition.providerStage()
			.filter(before::containsKey)
			.map((named) -> this.provider)
			.orElse(null);
		if (this.since != null && this.since.isBefore(cutoff) && before.containsKey(this.stage)) {
			return Optional.of(new EnterpriseProgress(this.programme, this.enterprise, this.version, this.stage,
					this.since, this.district, this.industry, providerThen, this.attributes, before));
		}
		Stage furthest = null;
		Stage exit = null;
		for (Stage stage : before.keySet()) {
			if (definition.isExit(stage)) {
				if (exit == null || !before.get(stage).isBefore(before.get(exit))) {
					exit = stage;
				}
			}
			else if (furthest == null || definition.rank(stage) > definition.rank(furthest)) {
				furthest = stage;
			}
		}
		Stage then = furthest;
		if (exit != null && (furthest == null || !definition.reentry() || !later(before, before.get(exit)))) {
			then = exit;
		}
		return Optional.of(new EnterpriseProgress(this.programme, this.enterprise, this.version, then, before.get(then),
				this.district, this.industry, providerThen, this.attributes, before));
	}

	private static boolean later(Map<Stage, Instant> times, Instant than) {
		for (Instant at : times.values()) {
			if (at.isAfter(than)) {
				return true;
			}
		}
		return false;
	}

	/** When it reached the programme's first stage, if it has. */
	public Optional<Instant> entered(Programme definition) {
		return Optional.ofNullable(this.reachedAt.get(definition.funnelStages().get(0)));
	}

}

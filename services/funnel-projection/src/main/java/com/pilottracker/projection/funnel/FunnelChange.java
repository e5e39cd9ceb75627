package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.StageChanged;

/**
 * How one stage change moves the funnel. Changes are applied exactly once and in order
 * per enterprise by their version: version {@code n + 1} is applied after {@code n}; a
 * version already applied is a duplicate and changes nothing; a version further ahead
 * means a change is missing, which is a fault, not something to paper over.
 */
public sealed interface FunnelChange permits FunnelChange.Apply, FunnelChange.Duplicate {

	/**
	 * The change moves the funnel.
	 *
	 * @param progress the enterprise after the change
	 * @param deltas the counters to move
	 */
	record Apply(EnterpriseProgress progress, Map<FunnelKey, Counts> deltas) implements FunnelChange {
	}

	/** The change was applied before. */
	record Duplicate(long appliedVersion) implements FunnelChange {
	}

	/**
	 * Used when a district or industry is missing, so every enterprise is counted
	 * somewhere.
	 */
	String UNKNOWN = "unknown";

	/**
	 * The change's effect: the enterprise's counts after it minus its counts before, so a
	 * change that adds a stage reached in the past, or (after a late report) takes one
	 * away, moves the funnel as exactly as one that moves the current stage.
	 * @throws MissingChangeException if changes between the enterprise's last applied
	 * version and this one have not arrived
	 */
	static FunnelChange of(Optional<EnterpriseProgress> before, StageChanged change) {
		long applied = before.map(EnterpriseProgress::version).orElse(0L);
		if (change.version() <= applied) {
			return new Duplicate(applied);
		}
		if (change.version() != applied + 1) {
			throw new MissingChangeException(change, applied);
		}
		EnterpriseProgress after = new EnterpriseProgress(change.programme(), change.enterprise(), change.version(),
				change.to(), since(before, change), orUnknown(change.district()), orUnknown(change.industry()),
				change.provider(), change.attributes(), change.reachedAt());
		Map<FunnelKey, Counts> deltas = new LinkedHashMap<>(after.contribution(1));
		before.ifPresent((progress) -> progress.contribution(-1)
			.forEach((key, counts) -> deltas.merge(key, counts, Counts::plus)));
		deltas.values().removeIf(Counts::isZero);
		return new Apply(after, deltas);
	}

	/**
	 * When the enterprise entered the stage the change leaves it in: unchanged if the
	 * stage is; the time it reached the stage if this change reaches it; the time of the
	 * change's step if it comes back to a stage reached before (a re-entry keeps the
	 * first time each stage was reached).
	 */
	static Instant since(Optional<EnterpriseProgress> before, StageChanged change) {
		if (before.isPresent() && before.get().stage().equals(change.to()) && before.get().since() != null) {
			return before.get().since();
		}
		if (before.isPresent() && before.get().hasReached(change.to()) && !before.get().stage().equals(change.to())) {
			return change.occurredAt();
		}
		return change.reachedAt().get(change.to());
	}

	private static String orUnknown(String value) {
		return (value == null || value.isBlank()) ? UNKNOWN : value;
	}

}

package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Stage;
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
		String district = before.map(EnterpriseProgress::district).orElse(orUnknown(change.district()));
		String industry = before.map(EnterpriseProgress::industry).orElse(orUnknown(change.industry()));
		Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
		before.ifPresent((progress) -> reachedAt.putAll(progress.reachedAt()));
		boolean firstTime = reachedAt.putIfAbsent(change.to(), change.occurredAt()) == null;

		Map<FunnelKey, Counts> deltas = new LinkedHashMap<>();
		deltas.merge(new FunnelKey(district, industry, change.to()), new Counts(firstTime ? 1 : 0, 1), Counts::plus);
		before.map(EnterpriseProgress::stage)
			.ifPresent(
					(from) -> deltas.merge(new FunnelKey(district, industry, from), new Counts(0, -1), Counts::plus));
		deltas.values().removeIf(Counts::isZero);

		String provider = (change.provider() != null) ? change.provider()
				: before.map(EnterpriseProgress::provider).orElse(null);
		EnterpriseProgress after = new EnterpriseProgress(change.enterprise(), change.version(), change.to(), district,
				industry, provider, reachedAt);
		return new Apply(after, deltas);
	}

	private static String orUnknown(String value) {
		return (value == null || value.isBlank()) ? UNKNOWN : value;
	}

}

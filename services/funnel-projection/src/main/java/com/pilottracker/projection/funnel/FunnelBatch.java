package com.pilottracker.projection.funnel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.StageChanged;

/**
 * A batch of stage changes worked out in memory, so that the store writes it with a few
 * set-based statements instead of a few per change. The changes are taken in the batch's
 * order, each by {@link FunnelChange#of} against the enterprise as the changes before it
 * left it: a later change of the same enterprise sees the progress an earlier one made,
 * so the outcome is the one of applying the changes one at a time.
 *
 * @param outcomes each change's outcome, in the batch's order
 * @param applied the changes that moved the funnel, in the order they were applied
 * @param enterprises the last progress of each enterprise (in its programme) a change
 * moved
 * @param deltas how the batch moves each counter, without the moves that cancel out
 */
public record FunnelBatch(List<FunnelChange> outcomes, List<Applied> applied,
		Collection<EnterpriseProgress> enterprises, Map<FunnelKey, Counts> deltas) {

	public FunnelBatch {
		outcomes = List.copyOf(outcomes);
		applied = List.copyOf(applied);
		enterprises = List.copyOf(enterprises);
		deltas = Collections.unmodifiableMap(new LinkedHashMap<>(deltas));
	}

	/**
	 * Works out {@code changes} against the enterprises as they are before the batch.
	 * @param before the progress of the batch's enterprises that have any; an enterprise
	 * not in it has none yet
	 * @param changes the changes in the order they are to be applied
	 * @throws MissingChangeException if a change's predecessor is neither applied nor
	 * earlier in the batch
	 */
	public static FunnelBatch of(Map<EnterpriseKey, EnterpriseProgress> before, List<StageChanged> changes) {
		List<FunnelChange> outcomes = new ArrayList<>(changes.size());
		List<Applied> applied = new ArrayList<>();
		Map<EnterpriseKey, EnterpriseProgress> progress = new HashMap<>(before);
		Map<EnterpriseKey, EnterpriseProgress> moved = new LinkedHashMap<>();
		Map<FunnelKey, Counts> deltas = new LinkedHashMap<>();
		for (StageChanged change : changes) {
			EnterpriseKey enterprise = key(change);
			FunnelChange outcome = FunnelChange.of(Optional.ofNullable(progress.get(enterprise)), change);
			outcomes.add(outcome);
			if (outcome instanceof FunnelChange.Apply apply) {
				progress.put(enterprise, apply.progress());
				moved.put(enterprise, apply.progress());
				applied.add(new Applied(change, apply.progress()));
				apply.deltas().forEach((key, delta) -> deltas.merge(key, delta, Counts::plus));
			}
		}
		// a counter moved up and down again within the batch is left as it is
		deltas.values().removeIf(Counts::isZero);
		return new FunnelBatch(outcomes, applied, moved.values(), deltas);
	}

	private static EnterpriseKey key(StageChanged change) {
		return new EnterpriseKey(change.programme(), change.enterprise());
	}

	/** Whether the change at {@code index} moved the funnel. */
	public boolean moved(int index) {
		return this.outcomes.get(index) instanceof FunnelChange.Apply;
	}

	/**
	 * One change that moved the funnel.
	 *
	 * @param change the change
	 * @param progress the enterprise after it
	 */
	public record Applied(StageChanged change, EnterpriseProgress progress) {
	}

}

package com.pilottracker.gateway.receipt;

import com.pilottracker.contracts.Milestone;

/**
 * What names a receipt, and a milestone, for good: its CloudEvents {@code source} and
 * {@code id}.
 *
 * @param source the milestone's CloudEvents {@code source}
 * @param id the milestone's CloudEvents {@code id}
 */
public record ReceiptKey(String source, String id) {

	/** The key of a milestone's receipt. */
	public static ReceiptKey of(Milestone milestone) {
		return new ReceiptKey(milestone.source(), milestone.id());
	}

}

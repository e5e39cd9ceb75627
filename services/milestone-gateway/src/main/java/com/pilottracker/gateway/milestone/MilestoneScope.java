package com.pilottracker.gateway.milestone;

import com.pilottracker.access.Caller;
import com.pilottracker.access.Role;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.receipt.ReceiptStore;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * What a caller may report. Everyone reports under their own CloudEvents {@code source}
 * only. The office reports every milestone type. A provider reports
 * {@code pilot.contracted} naming itself as the provider, and
 * {@code pilot.pre-acceptance} and {@code pilot.withdrawn} only for enterprises
 * contracted with it (an accepted contract naming it, not rejected by the lifecycle);
 * solicitation is the office's.
 */
@Component
class MilestoneScope {

	private final ReceiptStore receipts;

	MilestoneScope(ReceiptStore receipts) {
		this.receipts = receipts;
	}

	/** The milestone, or a {@link ForbiddenException} saying why the caller may not. */
	Mono<Milestone> check(Caller caller, Milestone milestone) {
		if (caller == null || caller.role() == Role.VIEWER) {
			return Mono.error(new ForbiddenException("A VIEWER key reads; it does not report milestones."));
		}
		if (!milestone.source().equals(caller.source())) {
			return Mono.error(new ForbiddenException("The milestone's source is '" + milestone.source()
					+ "', but your key reports as '" + caller.source() + "'. Post it with that source."));
		}
		if (caller.role() == Role.OFFICE) {
			return Mono.just(milestone);
		}
		return switch (milestone.type()) {
			case SOLICITED -> Mono.error(new ForbiddenException(
					"Only the programme office reports pilot.solicited; a provider reports from the contract on."));
			case CONTRACTED -> caller.principal().equals(milestone.data().provider()) ? Mono.just(milestone)
					: Mono.error(new ForbiddenException("A provider reports only contracts naming itself: "
							+ "data.provider is '" + milestone.data().provider() + "', your key is provider '"
							+ caller.principal() + "'."));
			case PRE_ACCEPTANCE,
					WITHDRAWN ->
				this.receipts.isContractedWith(milestone.subject().value(), caller.principal())
					.flatMap((contracted) -> contracted ? Mono.just(milestone)
							: Mono.error(new ForbiddenException("Enterprise " + milestone.subject().value()
									+ " is not contracted with provider '" + caller.principal() + "' (no accepted "
									+ "pilot.contracted names it), so its " + milestone.type().cloudEventType()
									+ " is not yours to report.")));
		};
	}

}

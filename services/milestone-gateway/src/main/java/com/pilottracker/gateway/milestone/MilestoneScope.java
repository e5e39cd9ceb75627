package com.pilottracker.gateway.milestone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
 * contracted with it: a contract naming it that the lifecycle applied (a pending one does
 * not count, nor one posted earlier in the same batch); solicitation is the office's.
 * <p>
 * This is the door, not the judge: the lifecycle decides each step again at its place in
 * the enterprise's history (who holds the contract then), so a check made before a later
 * correction cannot let a provider act on another's enterprise. A refusal says the same
 * whatever the enterprise's state, so it tells a provider nothing about an enterprise
 * that is not its own.
 */
@Component
class MilestoneScope {

	private final ReceiptStore receipts;

	MilestoneScope(ReceiptStore receipts) {
		this.receipts = receipts;
	}

	/** The milestone, or a {@link ForbiddenException} saying why the caller may not. */
	Mono<Milestone> check(Caller caller, Milestone milestone) {
		ForbiddenException refusal = refusal(caller, milestone);
		if (refusal != null) {
			return Mono.error(refusal);
		}
		if (!needsContract(caller, milestone)) {
			return Mono.just(milestone);
		}
		return this.receipts.isContractedWith(milestone.subject().value(), caller.principal())
			.flatMap((contracted) -> contracted ? Mono.just(milestone) : Mono.error(notContracted(caller, milestone)));
	}

	/**
	 * Each milestone's refusal, in order: {@code null} for one the caller may report, a
	 * {@link ForbiddenException} for one it may not, or the receipt store's exception if
	 * it could not tell. The contracts are looked up in one query.
	 */
	Mono<List<RuntimeException>> checkAll(Caller caller, List<Milestone> milestones) {
		RuntimeException[] refusals = new RuntimeException[milestones.size()];
		Set<String> enterprises = new LinkedHashSet<>();
		for (int i = 0; i < refusals.length; i++) {
			Milestone milestone = milestones.get(i);
			refusals[i] = refusal(caller, milestone);
			if (refusals[i] == null && needsContract(caller, milestone)) {
				enterprises.add(milestone.subject().value());
			}
		}
		if (enterprises.isEmpty()) {
			return Mono.just(Arrays.asList(refusals));
		}
		return this.receipts.contractedWith(caller.principal(), enterprises).map((contracted) -> {
			for (int i = 0; i < refusals.length; i++) {
				Milestone milestone = milestones.get(i);
				if (refusals[i] == null && needsContract(caller, milestone)
						&& !contracted.contains(milestone.subject().value())) {
					refusals[i] = notContracted(caller, milestone);
				}
			}
			return Arrays.asList(refusals);
		}).onErrorResume(RuntimeException.class, (ex) -> {
			List<RuntimeException> failed = new ArrayList<>(refusals.length);
			for (int i = 0; i < refusals.length; i++) {
				failed.add((refusals[i] == null && needsContract(caller, milestones.get(i))) ? ex : refusals[i]);
			}
			return Mono.just(failed);
		});
	}

	/**
	 * Whether a milestone of a provider depends on a contract: then a contract earlier in
	 * the same batch must be taken in before it is checked.
	 */
	static boolean needsContract(Caller caller, Milestone milestone) {
		return caller != null && caller.role() == Role.PROVIDER && switch (milestone.type()) {
			case PRE_ACCEPTANCE, WITHDRAWN -> true;
			default -> false;
		};
	}

	/** Why the caller may not report the milestone, whatever it has reported before. */
	private static ForbiddenException refusal(Caller caller, Milestone milestone) {
		if (caller == null || caller.role() == Role.VIEWER) {
			return new ForbiddenException("A VIEWER key reads; it does not report milestones.");
		}
		if (!milestone.source().equals(caller.source())) {
			return new ForbiddenException("The milestone's source is '" + milestone.source()
					+ "', but your key reports as '" + caller.source() + "'. Post it with that source.");
		}
		if (caller.role() == Role.OFFICE) {
			return null;
		}
		return switch (milestone.type()) {
			case SOLICITED -> new ForbiddenException(
					"Only the programme office reports pilot.solicited; a provider reports from the contract on.");
			case CONTRACTED -> caller.principal().equals(milestone.data().provider()) ? null
					: new ForbiddenException("A provider reports only contracts naming itself: " + "data.provider is '"
							+ milestone.data().provider() + "', your key is provider '" + caller.principal() + "'.");
			case PRE_ACCEPTANCE, WITHDRAWN -> null;
		};
	}

	private static ForbiddenException notContracted(Caller caller, Milestone milestone) {
		return new ForbiddenException("Enterprise " + milestone.subject().value()
				+ " has no applied pilot.contracted naming provider '" + caller.principal() + "', so its "
				+ milestone.type().cloudEventType() + " is not yours to report. If you posted its contract, "
				+ "post this once that contract's receipt says APPLIED.");
	}

}

package com.pilottracker.gateway.milestone;

import java.util.Map;

import com.pilottracker.access.Caller;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.receipt.Receipt;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * One milestone from its CloudEvent attributes to its receipt: checked
 * ({@link InvalidMilestoneException}), within the caller's scope
 * ({@link ForbiddenException}), then taken in exactly once ({@link MilestoneIntake}:
 * {@link MilestoneConflictException}, {@link BrokerUnavailableException}). Every way in
 * (the three CloudEvents modes, the office's import) goes through here.
 */
@Service
public class MilestoneSubmission {

	private final MilestoneRules rules;

	private final MilestoneScope scope;

	private final MilestoneIntake intake;

	MilestoneSubmission(MilestoneRules rules, MilestoneScope scope, MilestoneIntake intake) {
		this.rules = rules;
		this.scope = scope;
		this.intake = intake;
	}

	public Mono<Receipt> submit(Caller caller, Map<String, Object> event) {
		return Mono.fromCallable(() -> MilestoneRequestValidator.validate(event, this.rules.now()))
			.flatMap((milestone) -> this.scope.check(caller, milestone))
			.flatMap(this.intake::accept);
	}

}

package com.pilottracker.gateway.milestone;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pilottracker.access.Caller;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.kafka.Traces;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.receipt.Receipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	private static final Logger logger = LoggerFactory.getLogger(MilestoneSubmission.class);

	private final MilestoneRules rules;

	private final MilestoneScope scope;

	private final MilestoneIntake intake;

	private final MeterRegistry meters;

	MilestoneSubmission(MilestoneRules rules, MilestoneScope scope, MilestoneIntake intake, MeterRegistry meters) {
		this.rules = rules;
		this.scope = scope;
		this.intake = intake;
		this.meters = meters;
		// every series from the start, so rates and alerts have them before the first
		// event
		for (String type : TYPES) {
			for (String outcome : OUTCOMES) {
				counter(type, outcome);
			}
		}
	}

	public Mono<Receipt> submit(Caller caller, Map<String, Object> event) {
		Instant started = Instant.now();
		String type = type(event.get("type"));
		return Mono.fromCallable(() -> MilestoneRequestValidator.validate(event, this.rules.now()))
			.flatMap((milestone) -> this.scope.check(caller, milestone))
			.flatMap(this.intake::accept)
			.as((accepted) -> Traces.logged(accepted, (receipt) -> {
				String outcome = receipt.receivedAt().isBefore(started) ? "repeated" : "accepted";
				counter(type, outcome).increment();
				logger.debug("Took in {} from {} ({} for {}): {}", receipt.id(), receipt.source(), receipt.type(),
						receipt.subject(), outcome);
			}))
			.doOnError((ex) -> counter(type, outcome(ex)).increment());
	}

	private static final List<String> OUTCOMES = List.of("accepted", "repeated", "invalid", "forbidden", "conflict",
			"unavailable");

	private static final List<String> TYPES = java.util.stream.Stream
		.concat(java.util.Arrays.stream(MilestoneType.values()).map(MilestoneType::cloudEventType),
				java.util.stream.Stream.of("unknown"))
		.toList();

	private static String type(Object type) {
		return (type instanceof String name && MilestoneType.fromCloudEventType(name).isPresent()) ? name : "unknown";
	}

	private static String outcome(Throwable ex) {
		if (ex instanceof InvalidMilestoneException) {
			return "invalid";
		}
		if (ex instanceof ForbiddenException) {
			return "forbidden";
		}
		if (ex instanceof MilestoneConflictException) {
			return "conflict";
		}
		return "unavailable";
	}

	private Counter counter(String type, String outcome) {
		return Counter.builder("pilot.gateway.milestones")
			.description("Milestones posted to the gateway, by type and outcome")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.meters);
	}

}

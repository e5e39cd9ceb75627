package com.pilottracker.gateway.milestone;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/milestones}: one milestone as a structured-mode CloudEvent. */
@RestController
@RequestMapping("/api/v1/milestones")
class MilestoneController {

	static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

	private final MilestonePublisher publisher;

	MilestoneController(MilestonePublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping(consumes = CLOUDEVENTS_JSON, produces = "application/json")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<MilestoneAccepted> post(@RequestBody CloudEventRequest request) {
		return Mono.fromCallable(() -> MilestoneRequestValidator.validate(request))
			.flatMap(this.publisher::publish)
			.map((milestone) -> new MilestoneAccepted(milestone.id(), milestone.source()));
	}

	/**
	 * The answer to an accepted milestone: Kafka has it, durably.
	 *
	 * @param id the milestone's CloudEvents {@code id}
	 * @param source the milestone's CloudEvents {@code source}
	 */
	record MilestoneAccepted(String id, String source) {
	}

}

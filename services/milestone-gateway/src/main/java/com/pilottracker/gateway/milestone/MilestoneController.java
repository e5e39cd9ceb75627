package com.pilottracker.gateway.milestone;

import java.net.URI;

import com.pilottracker.gateway.receipt.Receipt;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /api/v1/milestones}: one milestone as a structured-mode CloudEvent. The
 * answer, 202 with the milestone's receipt, comes once Kafka has the milestone; posting
 * the same milestone again answers with the same receipt.
 */
@RestController
@RequestMapping("/api/v1/milestones")
class MilestoneController {

	static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

	private final MilestoneIntake intake;

	MilestoneController(MilestoneIntake intake) {
		this.intake = intake;
	}

	@PostMapping(consumes = CLOUDEVENTS_JSON, produces = "application/json")
	Mono<ResponseEntity<Receipt>> post(@RequestBody CloudEventRequest request) {
		return Mono.fromCallable(() -> MilestoneRequestValidator.validate(request))
			.flatMap(this.intake::accept)
			.map((receipt) -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location(receipt)).body(receipt));
	}

	static URI location(Receipt receipt) {
		return UriComponentsBuilder.fromPath("/api/v1/milestones/{id}")
			.queryParam("source", "{source}")
			.encode()
			.buildAndExpand(receipt.id(), receipt.source())
			.toUri();
	}

}

package com.pilottracker.gateway.reference;

import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/reference/districts} and {@code …/industries}: the values milestones
 * may name.
 */
@RestController
@RequestMapping("/api/v1/reference")
class ReferenceController {

	private final ReferenceData referenceData;

	ReferenceController(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	@GetMapping(path = "/districts", produces = "application/json")
	Map<String, Set<String>> districts() {
		return Map.of("districts", this.referenceData.current().districts());
	}

	@GetMapping(path = "/industries", produces = "application/json")
	Map<String, Set<String>> industries() {
		return Map.of("industries", this.referenceData.current().industries());
	}

}

package com.pilottracker.gateway.audit;

import com.pilottracker.gateway.problem.InvalidRequestException;
import reactor.core.publisher.Flux;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/audit}: the office's audit trail, newest first.
 */
@RestController
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping(path = "/api/v1/admin/audit", produces = "application/json")
	Flux<AuditEntry> recent(@RequestParam(defaultValue = "100") int limit,
			@RequestParam(required = false) String action) {
		if (limit < 1 || limit > 1000) {
			return Flux.error(new InvalidRequestException("/limit", "must be between 1 and 1000"));
		}
		return this.audit.recent(limit, action);
	}

}

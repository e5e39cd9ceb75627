package com.pilottracker.gateway.receipt;

import com.pilottracker.access.Caller;
import com.pilottracker.gateway.problem.ForbiddenException;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/milestones/{id}?source=…}: the receipt of a milestone, scoped to the
 * source that posted it (a CloudEvents id is unique only per source).
 */
@RestController
@RequestMapping("/api/v1/milestones")
class ReceiptController {

	private final ReceiptStore receipts;

	ReceiptController(ReceiptStore receipts) {
		this.receipts = receipts;
	}

	@GetMapping(path = "/{id}", produces = "application/json")
	Mono<Receipt> receipt(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam String source) {
		if (caller == null || !caller.owns(source)) {
			return Mono.error(new ForbiddenException("Your key reads the receipts of source '"
					+ ((caller != null) ? caller.source() : null) + "' only, not of '" + source + "'."));
		}
		return this.receipts.find(source, id).switchIfEmpty(Mono.error(() -> new ReceiptNotFoundException(source, id)));
	}

}

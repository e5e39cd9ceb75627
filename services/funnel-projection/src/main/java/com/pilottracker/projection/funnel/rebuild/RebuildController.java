package com.pilottracker.projection.funnel.rebuild;

import java.net.URI;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/admin/projection/rebuild}: rebuilds the projection from the log and
 * answers when it is done. An office operation ({@code OFFICE} key). 409 while another
 * rebuild runs, on any instance; 503 when it failed (the figures are the ones from before
 * it).
 */
@RestController
class RebuildController {

	private final ProjectionRebuild rebuild;

	RebuildController(ProjectionRebuild rebuild) {
		this.rebuild = rebuild;
	}

	@PostMapping(path = "/api/v1/admin/projection/rebuild", produces = "application/json")
	Mono<ProjectionRebuild.Result> rebuild() {
		return Mono.fromCallable(this.rebuild::rebuild).subscribeOn(Schedulers.boundedElastic());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> alreadyRunning(RebuildInProgressException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(URI.create("/problems/rebuild-in-progress"));
		problem.setTitle("Rebuild in progress");
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> failed(RebuildFailedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setType(URI.create("/problems/rebuild-failed"));
		problem.setTitle("Rebuild failed");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

}

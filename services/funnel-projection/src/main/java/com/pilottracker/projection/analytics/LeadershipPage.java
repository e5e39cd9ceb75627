package com.pilottracker.projection.analytics;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The leadership page lives at {@code /leadership/} (static files, bundled: no CDN);
 * {@code /} and {@code /leadership} lead there.
 */
@RestController
class LeadershipPage {

	@GetMapping({ "/", "/leadership" })
	Mono<ResponseEntity<Void>> home() {
		return Mono.just(ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/leadership/")).build());
	}

	@GetMapping("/leadership/")
	Mono<ResponseEntity<org.springframework.core.io.Resource>> page() {
		return Mono.just(ResponseEntity.ok()
			.contentType(org.springframework.http.MediaType.TEXT_HTML)
			.body(new org.springframework.core.io.ClassPathResource("static/leadership/index.html")));
	}

}

package com.pilottracker.projection.funnel.web;

import java.io.ByteArrayOutputStream;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/programmes}: the definitions of the programmes the projection
 * answers, as an array, each as {@link Programmes#write} writes it (the format of
 * {@code docs/programmes.md}). Any key reads them; they hold nothing secret.
 */
@RestController
class ProgrammesController {

	private final byte[] definitions;

	ProgrammesController(Programmes programmes) {
		ByteArrayOutputStream json = new ByteArrayOutputStream();
		json.write('[');
		boolean first = true;
		for (Programme programme : programmes.all()) {
			if (!first) {
				json.write(',');
			}
			json.writeBytes(Programmes.write(programme));
			first = false;
		}
		json.write(']');
		this.definitions = json.toByteArray();
	}

	@GetMapping(path = "/api/v1/programmes", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> programmes() {
		return Mono.just(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.definitions.clone()));
	}

}

package com.pilottracker.projection.funnel.web;

import java.io.ByteArrayOutputStream;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.kafka.ProgrammeCatalog;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/programmes}: the definitions of the programmes the projection
 * answers, as an array, each as {@link Programmes#write} writes it (the format of
 * {@code docs/programmes.md}), in the revision in force; {@code GET
 * /api/v1/programmes/{id}} one of them, its revision as the entity tag. Any key reads
 * them; they hold nothing secret. A programme the office defines is listed once this
 * service's catalog has read it.
 */
@RestController
class ProgrammesController {

	private final ProgrammeCatalog programmes;

	ProgrammesController(ProgrammeCatalog programmes) {
		this.programmes = programmes;
	}

	@GetMapping(path = "/api/v1/programmes", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> programmes() {
		ByteArrayOutputStream json = new ByteArrayOutputStream();
		json.write('[');
		boolean first = true;
		for (Programme programme : this.programmes.all()) {
			if (!first) {
				json.write(',');
			}
			json.writeBytes(Programmes.write(programme));
			first = false;
		}
		json.write(']');
		return Mono.just(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.toByteArray()));
	}

	@GetMapping(path = "/api/v1/programmes/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> programme(@PathVariable String id) {
		Programme programme = ProgrammeParameter.programme(this.programmes, id);
		return Mono.just(ResponseEntity.ok()
			.eTag("\"" + programme.revision() + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Programmes.write(programme)));
	}

}

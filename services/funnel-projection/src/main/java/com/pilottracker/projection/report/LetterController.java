package com.pilottracker.projection.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.analytics.Analytics;
import com.pilottracker.projection.analytics.AnalyticsView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/reports/letter?asOf=2025-07-18[&knownAt=…][&lang=zh|en]}: the
 * office's letter from the live figures, Chinese by default; JSON (every figure with the
 * query that reproduces it) or, with {@code Accept: text/plain}, the paragraphs alone.
 * Leadership and the office read it, as they read the analytics.
 */
@RestController
@RequestMapping("/api/v1/reports")
class LetterController {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

	private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

	private final Analytics analytics;

	private final ProgrammeCatalog programmes;

	private final Clock clock = Clock.systemUTC();

	LetterController(Analytics analytics, ProgrammeCatalog programmes) {
		this.analytics = analytics;
		this.programmes = programmes;
	}

	@GetMapping(path = "/letter", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Letter> letter(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "zh") String lang) {
		if (!Letter.LANGUAGES.contains(lang)) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "lang is one of " + Letter.LANGUAGES
					+ ", not '" + com.pilottracker.contracts.Text.forLog(lang, 20) + "'"));
		}
		Map<Programme, AnalyticsView> views = new LinkedHashMap<>();
		return Flux.fromIterable(this.programmes.all())
			.filter((programme) -> Letter.template(programme, lang).isPresent())
			.concatMap((programme) -> this.analytics.view(programme, asOf, knownAt)
				.doOnNext((view) -> views.put(programme, view)))
			.then(Mono.fromSupplier(
					() -> Letter.of(asOf, knownAt, lang, LocalDate.ofInstant(this.clock.instant(), CHINA), views)));
	}

	/** The same letter as a Word document, to paste into a reply. */
	@GetMapping(path = "/letter.docx", produces = DOCX)
	Mono<ResponseEntity<byte[]>> docx(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "zh") String lang) {
		return letter(asOf, knownAt, lang).map(
				(letter) -> ResponseEntity.ok()
					.contentType(MediaType.parseMediaType(DOCX))
					.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
						.filename("letter-" + ((asOf != null) ? asOf.toString() : "live") + "-" + lang + ".docx")
						.build()
						.toString())
					.body(LetterDocument.docx(letter)));
	}

	@GetMapping(path = "/letter", produces = MediaType.TEXT_PLAIN_VALUE)
	Mono<ResponseEntity<String>> text(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "zh") String lang) {
		return letter(asOf, knownAt, lang).map((letter) -> ResponseEntity.ok().contentType(TEXT).body(letter.text()));
	}

}

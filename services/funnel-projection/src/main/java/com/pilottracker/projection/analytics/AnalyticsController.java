package com.pilottracker.projection.analytics;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import com.pilottracker.access.Caller;
import com.pilottracker.access.KeyStreams;
import com.pilottracker.access.TooManyStreamsException;
import com.pilottracker.contracts.Programme;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.funnel.web.ProgrammeParameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The leadership's API: {@code GET /api/v1/analytics} (the figures, optionally
 * {@code asOf} a date and {@code knownAt} an instant), {@code /restatement},
 * {@code /stream} (Server-Sent Events) and {@code /export.csv}, {@code /export.xlsx}.
 * Each takes {@code programme} (the pilot when omitted; an unknown one is 404).
 */
@RestController
@RequestMapping("/api/v1/analytics")
class AnalyticsController {

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final Analytics analytics;

	private final KeyStreams streams;

	private final ProgrammeCatalog programmes;

	AnalyticsController(Analytics analytics, KeyStreams streams, ProgrammeCatalog programmes) {
		this.analytics = analytics;
		this.streams = streams;
		this.programmes = programmes;
	}

	private Programme programme(String id) {
		return ProgrammeParameter.programme(this.programmes, id);
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<AnalyticsView> figures(@RequestParam(required = false) String programme,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam(required = false) Instant knownAt) {
		return this.analytics.view(programme(programme), asOf, knownAt);
	}

	@GetMapping(path = "/restatement", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Restatement> restatement(@RequestParam(required = false) String programme,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam Instant from, @RequestParam Instant to) {
		Programme definition = programme(programme);
		if (!from.isBefore(to)) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must be before to"));
		}
		return this.analytics.restatement(definition, asOf, from, to);
	}

	/**
	 * The live stream. A key may hold {@code pilot.security.streams.max-per-key} open at
	 * once (429 beyond); a revoked key's streams end within
	 * {@code pilot.security.streams.revocation-check} ({@link KeyStreams}).
	 */
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> stream(@AuthenticationPrincipal Caller caller,
			@RequestParam(required = false) String programme) {
		Programme definition = programme(programme);
		Flux<ServerSentEvent<Object>> events = this.analytics.stream(definition).map((message) -> {
			boolean snapshot = message instanceof AnalyticsView;
			long sequence = snapshot ? ((AnalyticsView) message).position().sequence()
					: ((AnalyticsView.Delta) message).sequence();
			return ServerSentEvent.builder(message)
				.event(snapshot ? "snapshot" : "delta")
				.id(Long.toString(sequence))
				.build();
		});
		Flux<ServerSentEvent<Object>> keepAlive = Flux.interval(Duration.ofSeconds(15))
			.map((tick) -> ServerSentEvent.<Object>builder().comment("keep-alive").build());
		return this.streams.open(caller, Flux.merge(events, keepAlive));
	}

	/**
	 * A stream refused for its key's cap, as a problem body: the stream's own media type
	 * would otherwise write the problem as an event.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException ex, ServerWebExchange exchange) {
		ProblemDetail problem = ex.getBody();
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return ResponseEntity.status(ex.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@GetMapping(path = "/export.csv", produces = "text/csv")
	Mono<ResponseEntity<byte[]>> csv(@RequestParam(required = false) String programme,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam(required = false) Instant knownAt) {
		Programme definition = programme(programme);
		return this.analytics.view(definition, asOf, knownAt)
			.map((view) -> download(AnalyticsExport.csv(definition, view),
					new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8),
					name(definition, asOf) + ".csv"));
	}

	@GetMapping(path = "/export.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	Mono<ResponseEntity<byte[]>> xlsx(@RequestParam(required = false) String programme,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
			@RequestParam(required = false) Instant knownAt) {
		Programme definition = programme(programme);
		return this.analytics.view(definition, asOf, knownAt)
			.map((view) -> download(AnalyticsExport.xlsx(definition, view), XLSX, name(definition, asOf) + ".xlsx"));
	}

	/** {@code pilot-funnel-2024-06-30}, {@code gradient-funnel-live}. */
	private static String name(Programme programme, LocalDate asOf) {
		return programme.id() + "-funnel-" + ((asOf != null) ? asOf.toString() : "live");
	}

	private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String filename) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.body(body);
	}

}

package com.pilottracker.gateway.programme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.pilottracker.access.Caller;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.ProgrammeRevision;
import com.pilottracker.contracts.ProgrammeRevisionCodec;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Topics;
import com.pilottracker.gateway.audit.AuditLog;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.InvalidRequestException;
import com.pilottracker.gateway.problem.NotFoundException;
import com.pilottracker.gateway.problem.PreconditionException;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.kafka.Records;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The office defines a programme, or revises one, with {@code PUT
 * /api/v1/admin/programmes/{id}}: the definition (the format of
 * {@code docs/programmes.md}) and the reason. A revision names the revision it revises in
 * {@code If-Match}, and may change only what no decision depends on
 * ({@link ProgrammeRevision#differences}); a programme whose rules must change is a new
 * programme.
 * <p>
 * A definition is kept in {@code programme_revision}, audited, and sent to
 * {@link Topics#PROGRAMMES}, all before the answer; the answer comes once this gateway's
 * catalog holds it, so the office's next milestone of the programme is taken here. The
 * other services take it from the topic.
 */
@RestController
@RequestMapping("/api/v1/admin/programmes")
class ProgrammeOfficeController {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(10);

	private final ProgrammeCatalog catalog;

	private final DatabaseClient db;

	private final AuditLog audit;

	private final KafkaTemplate<String, byte[]> kafka;

	private final JsonMapper json;

	private final Clock clock = Clock.systemUTC();

	ProgrammeOfficeController(ProgrammeCatalog catalog, DatabaseClient db, AuditLog audit,
			KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
		this.catalog = catalog;
		this.db = db;
		this.audit = audit;
		this.kafka = kafka;
		this.json = json;
	}

	/** The revision in force, with its revision number as the entity tag. */
	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> programme(@PathVariable String id) {
		ProgrammeRevision latest = this.catalog.latest(id).orElseThrow(() -> unknown(id));
		return Mono.just(ResponseEntity.ok()
			.eTag(PreconditionException.tag(latest.revision()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsBytes(view(latest))));
	}

	/** Every revision of the programme, the first first: who made it, when and why. */
	@GetMapping(path = "/{id}/revisions", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> revisions(@PathVariable String id) {
		List<ProgrammeRevision> revisions = this.catalog.revisions(id);
		if (revisions.isEmpty()) {
			throw unknown(id);
		}
		return Mono.just(ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsBytes(revisions.stream().map(this::view).toList())));
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> define(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@PathVariable String id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody RevisionRequest request) {
		Programme definition = validated(id, request);
		Optional<ProgrammeRevision> inForce = this.catalog.latest(id);
		if (inForce.isEmpty()) {
			if (ifMatch != null) {
				throw PreconditionException.failed(
						"There is no programme '" + id + "' to revise; leave If-Match out to define it as revision 1.");
			}
			if (definition.revision() != 1) {
				throw new InvalidRequestException(List.of(new FieldError("/definition/revision",
						"is " + definition.revision() + "; a new programme's first definition is revision 1")));
			}
			try {
				this.catalog.current().with(definition);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException(List.of(new FieldError("/definition/stages", ex.getMessage())));
			}
		}
		else {
			PreconditionException.requireRevision("programme '" + id + "'", inForce.get().revision(), ifMatch);
			List<FieldError> errors = ProgrammeRevision.differences(inForce.get().definition(), definition)
				.stream()
				.map((difference) -> new FieldError("/definition" + difference.pointer(), difference.detail()))
				.toList();
			if (!errors.isEmpty()) {
				throw new InvalidRequestException(errors);
			}
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		ProgrammeRevision revision = new ProgrammeRevision(definition, now, office.principal(), request.reason());
		Mono<ProgrammeRevision> made = insert(revision).then(send(revision)).thenReturn(revision);
		return this.audit
			.audited(office, made,
					(done) -> new AuditLog.Change((done.revision() == 1) ? "programme.defined" : "programme.revised",
							done.programme(), "revision " + done.revision() + ": " + done.reason()))
			.flatMap((done) -> Mono
				.fromCallable(() -> this.catalog.awaitRevision(done.programme(), done.revision(), CATALOG_TIMEOUT))
				.subscribeOn(Schedulers.boundedElastic())
				.thenReturn(done))
			.map((done) -> ResponseEntity.status((done.revision() == 1) ? HttpStatus.CREATED : HttpStatus.OK)
				.eTag(PreconditionException.tag(done.revision()))
				.header(HttpHeaders.LOCATION, "/api/v1/admin/programmes/" + done.programme())
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.json.writeValueAsBytes(view(done))));
	}

	private Programme validated(String id, RevisionRequest request) {
		List<FieldError> errors = new ArrayList<>();
		FieldError.ofReason(request.reason()).ifPresent(errors::add);
		Programme definition = null;
		if (request.definition() == null || !request.definition().isObject()) {
			errors.add(new FieldError("/definition", "is required: the programme's definition, as docs/programmes.md "
					+ "describes it (GET /api/v1/programmes shows the shipped ones)"));
		}
		else {
			try {
				definition = Programmes.read(this.json.writeValueAsBytes(request.definition()));
				if (!definition.id().equals(id)) {
					errors.add(new FieldError("/definition/id", "is '" + definition.id() + "', the path names '"
							+ Text.forLog(id, 40) + "'; they are the same"));
				}
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError("/definition", Text.forLog(ex.getMessage(), 500)));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return definition;
	}

	private Mono<Void> insert(ProgrammeRevision revision) {
		return this.db.sql("""
				INSERT INTO programme_revision (programme, revision, definition, reason, recorded_by, recorded_at)
				VALUES (:programme, :revision, CAST(:definition AS jsonb), :reason, :by, :at)""")
			.bind("programme", revision.programme())
			.bind("revision", revision.revision())
			.bind("definition",
					new String(Programmes.write(revision.definition()), java.nio.charset.StandardCharsets.UTF_8))
			.bind("reason", revision.reason())
			.bind("by", revision.recordedBy())
			.bind("at", OffsetDateTime.ofInstant(revision.recordedAt(), ZoneOffset.UTC))
			.then()
			.onErrorMap(DataIntegrityViolationException.class,
					(ex) -> PreconditionException.failed("Revision " + revision.revision() + " of programme '"
							+ revision.programme() + "' was made meanwhile; read it again and revise that."));
	}

	private Mono<Void> send(ProgrammeRevision revision) {
		ProducerRecord<String, byte[]> record = Records.timestampedRecord(Topics.PROGRAMMES,
				ProgrammeRevisionCodec.encode(revision));
		return Mono.fromFuture(() -> this.kafka.send(record)).timeout(SEND_TIMEOUT).then();
	}

	private ObjectNode view(ProgrammeRevision revision) {
		ObjectNode node = this.json.createObjectNode();
		node.put("programme", revision.programme());
		node.put("revision", revision.revision());
		node.put("recordedAt", revision.recordedAt().toString());
		node.put("recordedBy", revision.recordedBy());
		node.put("reason", revision.reason());
		node.set("definition", this.json.readTree(Programmes.write(revision.definition())));
		return node;
	}

	private static NotFoundException unknown(String id) {
		return new NotFoundException("There is no programme '" + Text.forLog(id, 40) + "'.");
	}

	/**
	 * A definition or revision.
	 *
	 * @param reason why the office makes it
	 * @param definition the programme's definition, its {@code revision} the next one
	 */
	record RevisionRequest(String reason, @Schema(implementation = Object.class, type = "object",
			description = "The definition, in the format of docs/programmes.md") JsonNode definition) {

	}

}

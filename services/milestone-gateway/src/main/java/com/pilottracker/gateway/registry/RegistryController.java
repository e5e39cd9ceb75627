package com.pilottracker.gateway.registry;

import java.nio.charset.StandardCharsets;
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
import com.pilottracker.contracts.Registries;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.RegistryRevision;
import com.pilottracker.contracts.RegistryRevisionCodec;
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Topics;
import com.pilottracker.gateway.audit.AuditLog;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.InvalidRequestException;
import com.pilottracker.gateway.problem.NotFoundException;
import com.pilottracker.gateway.problem.PreconditionException;
import com.pilottracker.kafka.Records;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * The office keeps its registries with {@code PUT
 * /api/v1/admin/registries/{registry}/{id}} ({@code service-organisations},
 * {@code commissioners}, {@code chain-leaders}): the entry (the format of
 * {@code docs/registries.md}) and the reason. The first revision registers the entry; a
 * later one names the revision it revises in {@code If-Match}. Nothing is deleted: an
 * organisation is suspended or struck off, a commissioner's service ends, a chain leader
 * becomes inactive; a chain leader's published solutions stay.
 * <p>
 * A revision is kept in {@code registry_revision}, audited, and sent to
 * {@link Topics#REGISTRIES}, all before the answer; milestones checked here after the
 * answer see it. The office and viewers read the registries under
 * {@code /api/v1/registries}.
 */
@RestController
class RegistryController {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private final RegistryBook book;

	private final DatabaseClient db;

	private final AuditLog audit;

	private final KafkaTemplate<String, byte[]> kafka;

	private final JsonMapper json;

	private final Clock clock = Clock.systemUTC();

	RegistryController(RegistryBook book, DatabaseClient db, AuditLog audit, KafkaTemplate<String, byte[]> kafka,
			JsonMapper json) {
		this.book = book;
		this.db = db;
		this.audit = audit;
		this.kafka = kafka;
		this.json = json;
	}

	/** The latest revision of every entry of the registry, by id. */
	@GetMapping(path = "/api/v1/registries/{registry}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> entries(@PathVariable String registry) {
		RegistryEntry.Kind kind = kind(registry);
		List<ObjectNode> entries = this.book.current().all(kind).stream().map(this::view).toList();
		return Mono.just(json(HttpStatus.OK, entries));
	}

	/** The entry as of its latest revision, with its number as the entity tag. */
	@GetMapping(path = "/api/v1/registries/{registry}/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> entry(@PathVariable String registry, @PathVariable String id) {
		RegistryEntry.Kind kind = kind(registry);
		RegistryRevision latest = this.book.current().latest(kind, id).orElseThrow(() -> unknown(kind, id));
		return Mono.just(ResponseEntity.ok()
			.eTag(PreconditionException.tag(latest.revision()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsBytes(view(latest))));
	}

	/** Every revision of the entry, the first first: who made it, when and why. */
	@GetMapping(path = "/api/v1/registries/{registry}/{id}/revisions", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> revisions(@PathVariable String registry, @PathVariable String id) {
		RegistryEntry.Kind kind = kind(registry);
		if (this.book.current().latest(kind, id).isEmpty()) {
			throw unknown(kind, id);
		}
		return this.book.revisions(kind, id).map(this::view).collectList().map((all) -> json(HttpStatus.OK, all));
	}

	@PutMapping(path = "/api/v1/admin/registries/{registry}/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> register(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@PathVariable String registry, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody RevisionRequest request) {
		RegistryEntry.Kind kind = kind(registry);
		RegistryEntry entry = validated(kind, id, request);
		Optional<RegistryRevision> inForce = this.book.current().latest(kind, id);
		int number = 1;
		String what = kind.noun() + " '" + id + "'";
		if (inForce.isEmpty()) {
			if (ifMatch != null) {
				throw PreconditionException
					.failed("There is no " + what + " to revise; leave If-Match out to register it as revision 1.");
			}
		}
		else {
			PreconditionException.requireRevision(what, inForce.get().revision(), ifMatch);
			if (inForce.get().entry() instanceof RegistryEntry.ChainLeader before) {
				List<FieldError> errors = before.differences((RegistryEntry.ChainLeader) entry)
					.stream()
					.map((difference) -> new FieldError("/entry/solutions", difference))
					.toList();
				if (!errors.isEmpty()) {
					throw new InvalidRequestException(errors);
				}
			}
			number = inForce.get().revision() + 1;
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		RegistryRevision revision = new RegistryRevision(entry, number, now, office.principal(), request.reason());
		Mono<RegistryRevision> made = insert(revision).then(send(revision)).thenReturn(revision);
		return this.audit
			.audited(office, made,
					(done) -> new AuditLog.Change(
							"registry." + kind.path() + ((done.revision() == 1) ? ".registered" : ".revised"),
							RegistryRevisionCodec.key(kind, id), "revision " + done.revision() + ": " + done.reason()))
			.doOnNext(this.book::made)
			.map((done) -> ResponseEntity.status((done.revision() == 1) ? HttpStatus.CREATED : HttpStatus.OK)
				.eTag(PreconditionException.tag(done.revision()))
				.header(HttpHeaders.LOCATION, "/api/v1/registries/" + kind.path() + "/" + id)
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.json.writeValueAsBytes(view(done))));
	}

	private RegistryEntry validated(RegistryEntry.Kind kind, String id, RevisionRequest request) {
		List<FieldError> errors = new ArrayList<>();
		FieldError.ofReason(request.reason()).ifPresent(errors::add);
		RegistryEntry entry = null;
		if (request.entry() == null || !request.entry().isObject()) {
			errors.add(new FieldError("/entry", "is required: the " + kind.noun()
					+ " as docs/registries.md describes it (GET /api/v1/registries/" + kind.path() + " shows them)"));
		}
		else {
			try {
				entry = Registries.read(kind, this.json.writeValueAsBytes(request.entry()));
				if (!entry.id().equals(id)) {
					errors.add(new FieldError("/entry/id", "is '" + entry.id() + "', the path names '"
							+ Text.forLog(id, 80) + "'; they are the same"));
				}
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError("/entry", Text.forLog(ex.getMessage(), 500)));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return entry;
	}

	private Mono<Void> insert(RegistryRevision revision) {
		return this.db.sql("""
				INSERT INTO registry_revision (kind, id, revision, entry, reason, recorded_by, recorded_at)
				VALUES (:kind, :id, :revision, CAST(:entry AS jsonb), :reason, :by, :at)""")
			.bind("kind", revision.kind().path())
			.bind("id", revision.id())
			.bind("revision", revision.revision())
			.bind("entry", new String(Registries.write(revision.entry()), StandardCharsets.UTF_8))
			.bind("reason", revision.reason())
			.bind("by", revision.recordedBy())
			.bind("at", OffsetDateTime.ofInstant(revision.recordedAt(), ZoneOffset.UTC))
			.then()
			.onErrorMap(DataIntegrityViolationException.class,
					(ex) -> PreconditionException
						.failed("Revision " + revision.revision() + " of " + revision.kind().noun() + " '"
								+ revision.id() + "' was made meanwhile; read it again and revise that."));
	}

	private Mono<Void> send(RegistryRevision revision) {
		ProducerRecord<String, byte[]> record = Records.timestampedRecord(Topics.REGISTRIES,
				RegistryRevisionCodec.encode(revision));
		return Mono.fromFuture(() -> this.kafka.send(record)).timeout(SEND_TIMEOUT).then();
	}

	private ObjectNode view(RegistryRevision revision) {
		ObjectNode node = this.json.createObjectNode();
		node.put("registry", revision.kind().path());
		node.put("id", revision.id());
		node.put("revision", revision.revision());
		node.put("active", revision.entry().activeOn(java.time.LocalDate.now(this.clock.withZone(CITY))));
		node.put("recordedAt", revision.recordedAt().toString());
		node.put("recordedBy", revision.recordedBy());
		node.put("reason", revision.reason());
		node.set("entry", this.json.readTree(Registries.write(revision.entry())));
		return node;
	}

	private static final java.time.ZoneId CITY = java.time.ZoneId.of("Asia/Shanghai");

	private ResponseEntity<byte[]> json(HttpStatus status, Object body) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsBytes(body));
	}

	private static RegistryEntry.Kind kind(String registry) {
		return RegistryEntry.Kind.of(registry)
			.orElseThrow(() -> new NotFoundException("There is no registry '" + Text.forLog(registry, 40)
					+ "'; the registries are service-organisations, commissioners and chain-leaders."));
	}

	private static NotFoundException unknown(RegistryEntry.Kind kind, String id) {
		return new NotFoundException("There is no " + kind.noun() + " '" + Text.forLog(id, 80) + "'.");
	}

	/**
	 * A registration or revision.
	 *
	 * @param reason why the office makes it
	 * @param entry the entry as of this revision
	 */
	record RevisionRequest(String reason, @Schema(implementation = Object.class, type = "object",
			description = "The entry, in the format of docs/registries.md") JsonNode entry) {

	}

}

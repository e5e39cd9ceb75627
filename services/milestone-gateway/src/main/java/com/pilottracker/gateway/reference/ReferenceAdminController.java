package com.pilottracker.gateway.reference;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.pilottracker.access.Caller;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.gateway.audit.AuditLog;
import com.pilottracker.gateway.problem.ConflictException;
import com.pilottracker.contracts.Text;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.InvalidRequestException;
import com.pilottracker.gateway.problem.NotFoundException;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The office extends the reference data without a release: districts, industries, and the
 * USCCs accepted although they fail the check character. Every change is audited and
 * takes effect on this gateway at once, on the others within
 * {@code pilot.gateway.reference-refresh}.
 */
@RestController
@RequestMapping("/api/v1/admin")
class ReferenceAdminController {

	private static final Pattern DIVISION_CODE = Pattern.compile("[0-9]{6}");

	private final DatabaseClient db;

	private final AuditLog audit;

	private final ReferenceData referenceData;

	ReferenceAdminController(DatabaseClient db, AuditLog audit, ReferenceData referenceData) {
		this.db = db;
		this.audit = audit;
		this.referenceData = referenceData;
	}

	@GetMapping(path = "/uscc-exceptions", produces = "application/json")
	Flux<UsccException> exceptions() {
		return this.db.sql("SELECT uscc, reason, added_by, added_at FROM uscc_exception ORDER BY added_at, uscc")
			.map((row) -> new UsccException(row.get("uscc", String.class), row.get("reason", String.class),
					row.get("added_by", String.class), row.get("added_at", OffsetDateTime.class).toInstant()))
			.all();
	}

	@PutMapping(path = "/uscc-exceptions/{uscc}", consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<UsccException>> addException(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@PathVariable String uscc, @RequestBody ExceptionRequest request) {
		List<FieldError> errors = new ArrayList<>();
		try {
			Uscc code = new Uscc(uscc);
			if (code.hasValidCheckCharacter()) {
				errors.add(new FieldError("/uscc", "passes the GB 32100-2015 check already; it needs no exception"));
			}
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError("/uscc", ex.getMessage()));
		}
		if (request.reason() == null || request.reason().isBlank() || request.reason().length() > 500) {
			errors.add(new FieldError("/reason",
					"is required, at most 500 characters: why the code is legal (its issuing authority, say)"));
		}
		else if (!Text.isClean(request.reason())) {
			errors.add(new FieldError("/reason", Text.problem(request.reason()) + "; only printable text is accepted"));
		}
		if (!errors.isEmpty()) {
			return Mono.error(new InvalidRequestException(errors));
		}
		Mono<Boolean> insert = this.db.sql("""
				INSERT INTO uscc_exception (uscc, reason, added_by) VALUES (:uscc, :reason, :by)
				ON CONFLICT (uscc) DO NOTHING""")
			.bind("uscc", uscc)
			.bind("reason", request.reason())
			.bind("by", office.principal())
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
		return this.audit
			.audited(office, insert,
					(added) -> added ? new AuditLog.Change("uscc-exception.added", uscc, request.reason()) : null)
			.flatMap((added) -> refreshed().then(exception(uscc))
				.map((stored) -> ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(stored)));
	}

	@DeleteMapping("/uscc-exceptions/{uscc}")
	Mono<ResponseEntity<Void>> removeException(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@PathVariable String uscc) {
		Mono<String> delete = this.db.sql("DELETE FROM uscc_exception WHERE uscc = :uscc RETURNING reason")
			.bind("uscc", uscc)
			.map((row) -> row.get("reason", String.class))
			.one()
			.switchIfEmpty(Mono.error(() -> new NotFoundException("'" + uscc + "' is not on the exception list.")));
		return this.audit
			.audited(office, delete, (reason) -> new AuditLog.Change("uscc-exception.removed", uscc, "was: " + reason))
			.then(refreshed())
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping(path = "/districts", consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<District>> addDistrict(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@RequestBody District request) {
		List<FieldError> errors = new ArrayList<>();
		name(request.name(), "/name", errors);
		if (request.divisionCode() == null || !DIVISION_CODE.matcher(request.divisionCode()).matches()) {
			errors.add(new FieldError("/divisionCode", "is required: the 6-digit administrative-division code"));
		}
		if (!errors.isEmpty()) {
			return Mono.error(new InvalidRequestException(errors));
		}
		Mono<Boolean> insert = this.db
			.sql("SELECT name, division_code FROM district WHERE name = :name OR division_code = :code")
			.bind("name", request.name())
			.bind("code", request.divisionCode())
			.map((row) -> new District(row.get("name", String.class), row.get("division_code", String.class)))
			.all()
			.collectList()
			.flatMap((existing) -> {
				if (existing.contains(request)) {
					return Mono.just(false);
				}
				if (!existing.isEmpty()) {
					return Mono.error(new ConflictException("District " + existing.get(0).name() + " has division code "
							+ existing.get(0).divisionCode() + "; a name and a code each belong to one district."));
				}
				return this.db.sql("INSERT INTO district (name, division_code) VALUES (:name, :code)")
					.bind("name", request.name())
					.bind("code", request.divisionCode())
					.then()
					.thenReturn(true);
			});
		return this.audit
			.audited(office, insert,
					(added) -> added ? new AuditLog.Change("district.added", request.name(),
							"division code " + request.divisionCode()) : null)
			.flatMap((added) -> refreshed()
				.thenReturn(ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(request)));
	}

	@PostMapping(path = "/industries", consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<Industry>> addIndustry(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@RequestBody Industry request) {
		List<FieldError> errors = new ArrayList<>();
		name(request.name(), "/name", errors);
		if (!errors.isEmpty()) {
			return Mono.error(new InvalidRequestException(errors));
		}
		Mono<Boolean> insert = this.db.sql("INSERT INTO industry (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
			.bind("name", request.name())
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
		return this.audit
			.audited(office, insert,
					(added) -> added ? new AuditLog.Change("industry.added", request.name(), null) : null)
			.flatMap((added) -> refreshed()
				.thenReturn(ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(request)));
	}

	private Mono<UsccException> exception(String uscc) {
		return this.db.sql("SELECT uscc, reason, added_by, added_at FROM uscc_exception WHERE uscc = :uscc")
			.bind("uscc", uscc)
			.map((row) -> new UsccException(row.get("uscc", String.class), row.get("reason", String.class),
					row.get("added_by", String.class), row.get("added_at", OffsetDateTime.class).toInstant()))
			.one();
	}

	private Mono<Void> refreshed() {
		return Mono.fromRunnable(this.referenceData::refresh).subscribeOn(Schedulers.boundedElastic()).then();
	}

	private static void name(String name, String pointer, List<FieldError> errors) {
		if (name == null || name.isBlank() || name.length() > 64 || !name.strip().equals(name)) {
			errors.add(new FieldError(pointer, "is required: 1 to 64 characters, no leading or trailing spaces"));
		}
		else if (!Text.isClean(name)) {
			errors.add(new FieldError(pointer, Text.problem(name) + "; only printable text is accepted"));
		}
	}

	/**
	 * A request to put a code on the exception list.
	 *
	 * @param reason why the code is legal although it fails the check
	 */
	record ExceptionRequest(String reason) {

	}

	/**
	 * A code on the exception list.
	 *
	 * @param uscc the code
	 * @param reason why it is accepted
	 * @param addedBy who put it there
	 * @param addedAt when
	 */
	record UsccException(String uscc, String reason, String addedBy, Instant addedAt) {

	}

	/**
	 * A district.
	 *
	 * @param name its name, as milestones give it
	 * @param divisionCode its administrative-division code
	 */
	record District(String name, String divisionCode) {

	}

	/**
	 * An industry.
	 *
	 * @param name its name, as milestones give it
	 */
	record Industry(String name) {

	}

}

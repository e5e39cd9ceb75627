package com.pilottracker.gateway.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.access.ApiKeyAuthenticationManager;
import com.pilottracker.access.ApiKeyRecord;
import com.pilottracker.access.ApiKeyRepository;
import com.pilottracker.access.ApiKeys;
import com.pilottracker.access.Caller;
import com.pilottracker.access.Role;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.Text;
import com.pilottracker.gateway.audit.AuditLog;
import com.pilottracker.gateway.problem.ConflictException;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.InvalidRequestException;
import com.pilottracker.gateway.problem.NotFoundException;
import com.pilottracker.gateway.registry.RegistryBook;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

/**
 * The office issues and revokes API keys. A PROVIDER key belongs to a service
 * organisation of the office's registry: its principal is the organisation's id, the id
 * contracts name in {@code data.provider}, and it is issued only for a registered
 * organisation (what the key may report then follows the organisation's vetting, see
 * {@code MilestoneScope}). The key is in the answer to the issue request and nowhere
 * else, ever; both operations are audited.
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
class ApiKeyController {

	private final ApiKeyRepository keys;

	private final ApiKeyAuthenticationManager authentication;

	private final AuditLog audit;

	private final RegistryBook registries;

	private final Clock clock = Clock.systemUTC();

	ApiKeyController(ApiKeyRepository keys, ApiKeyAuthenticationManager authentication, AuditLog audit,
			RegistryBook registries) {
		this.keys = keys;
		this.authentication = authentication;
		this.audit = audit;
		this.registries = registries;
	}

	@PostMapping(consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<IssuedKey>> issue(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@RequestBody IssueKeyRequest request) {
		Mono<ResponseEntity<IssuedKey>> unreadable = textProblem(Map.of("/principal", nullToEmpty(request.principal()),
				"/role", nullToEmpty(request.role()), "/label", nullToEmpty(request.label())));
		if (unreadable != null) {
			return unreadable;
		}
		List<FieldError> errors = new ArrayList<>();
		if (request.principal() == null || !Caller.PRINCIPAL_NAME.matcher(request.principal()).matches()) {
			errors.add(new FieldError("/principal",
					"is required: 2 to 64 lower-case letters, digits and dashes, starting with a letter or digit "
							+ "(for a provider, its id as contracts name it)"));
		}
		Role role = role(request.role(), errors);
		if (role == Role.PROVIDER && errors.isEmpty()
				&& this.registries.current()
					.entry(RegistryEntry.Kind.SERVICE_ORGANISATION, request.principal())
					.isEmpty()) {
			errors.add(new FieldError("/principal", "'" + request.principal()
					+ "' is not a registered service organisation; a provider's key belongs to its entry in the "
					+ "registry: register it first (PUT /api/v1/admin/registries/service-organisations/"
					+ request.principal() + ")"));
		}
		if (request.label() != null && request.label().length() > 200) {
			errors.add(new FieldError("/label", "must be at most 200 characters"));
		}
		if (!errors.isEmpty()) {
			return Mono.error(new InvalidRequestException(errors));
		}
		ApiKeys.Issued issued = ApiKeys.generate();
		Instant now = this.clock.instant();
		return this.audit
			.audited(office,
					this.keys.insert(issued, request.principal(), role, request.label(), office.principal(), now),
					(stored) -> new AuditLog.Change("api-key.issued", stored.keyId(),
							stored.role() + " key for " + stored.principal()))
			.doOnNext((stored) -> this.authentication.issued(issued.key(),
					new Caller(stored.keyId(), stored.principal(), stored.role())))
			.map((stored) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(new IssuedKey(stored.keyId(), issued.key(), stored.principal(), stored.role(),
						new Caller(stored.keyId(), stored.principal(), stored.role()).source(), stored.label(),
						stored.issuedAt())));
	}

	@GetMapping(produces = "application/json")
	Flux<ApiKeyRecord> list() {
		return this.keys.findAll();
	}

	@GetMapping(path = "/{keyId}", produces = "application/json")
	Mono<ApiKeyRecord> one(@PathVariable String keyId) {
		Mono<ApiKeyRecord> unreadable = textProblem(Map.of("keyId", keyId));
		if (unreadable != null) {
			return unreadable;
		}
		return this.keys.find(keyId).switchIfEmpty(Mono.error(() -> new NotFoundException(notFound(keyId))));
	}

	/**
	 * Revokes a key. The check that it is not the last active OFFICE key and the
	 * revocation are one transaction holding row locks on the active OFFICE keys
	 * ({@link ApiKeyRepository#revoke}), so two revocations at once cannot remove the
	 * last two; the audit entry commits with them.
	 */
	@DeleteMapping("/{keyId}")
	Mono<ResponseEntity<Void>> revoke(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@PathVariable String keyId) {
		Mono<ResponseEntity<Void>> unreadable = textProblem(Map.of("keyId", keyId));
		if (unreadable != null) {
			return unreadable;
		}
		Mono<ApiKeyRepository.Revocation> revoke = this.keys.revoke(keyId, office.principal(), this.clock.instant())
			.switchIfEmpty(Mono.error(() -> new NotFoundException(notFound(keyId))))
			.flatMap((outcome) -> (outcome == ApiKeyRepository.Revocation.LAST_OFFICE_KEY)
					? Mono.error(new ConflictException("Key " + keyId + " is the last active OFFICE key; issue "
							+ "another OFFICE key before revoking it, or the office locks itself out."))
					: Mono.just(outcome));
		return this.audit
			.audited(office, revoke,
					(outcome) -> (outcome == ApiKeyRepository.Revocation.REVOKED)
							? new AuditLog.Change("api-key.revoked", keyId, null) : null)
			.doOnNext((outcome) -> this.authentication.forget(keyId))
			.thenReturn(ResponseEntity.noContent().build());
	}

	/**
	 * A 400 naming the first field whose text cannot be taken at all (control characters,
	 * lone surrogates, non-characters: see {@link Text#problem}), or {@code null}.
	 */
	private static <T> Mono<T> textProblem(Map<String, String> fields) {
		for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
			String problem = Text.problem(field.getValue());
			if (problem != null) {
				return Mono.error(new ServerWebInputException(field.getKey() + " " + problem));
			}
		}
		return null;
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static String notFound(String keyId) {
		return "No API key has the id '" + keyId + "'.";
	}

	private static Role role(String role, List<FieldError> errors) {
		if (role != null) {
			try {
				return Role.valueOf(role.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				// reported below
			}
		}
		errors.add(new FieldError("/role", "is required: one of OFFICE, PROVIDER, VIEWER"));
		return null;
	}

	/**
	 * A request for a new key.
	 *
	 * @param principal whose key: a provider's id, or an office user's or viewer's name
	 * @param role {@code OFFICE}, {@code PROVIDER} or {@code VIEWER}
	 * @param label a note, for example who holds the key
	 */
	record IssueKeyRequest(String principal, String role, String label) {

	}

	/**
	 * A newly issued key: {@code key} is shown here once and never again.
	 *
	 * @param keyId the key's public id
	 * @param key the key, for {@code Authorization: Bearer}
	 * @param principal whose key
	 * @param role what it may do
	 * @param source the CloudEvents source its milestones must carry
	 * @param label the office's note
	 * @param issuedAt when
	 */
	record IssuedKey(String keyId, String key, String principal, Role role, String source, String label,
			Instant issuedAt) {

		@Override
		public String toString() {
			return "IssuedKey[keyId=" + this.keyId + ", principal=" + this.principal + ", role=" + this.role + "]";
		}

	}

}

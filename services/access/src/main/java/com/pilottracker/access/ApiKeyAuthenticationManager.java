package com.pilottracker.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

/**
 * Checks an offered API key against the stored hashes. A key found is trusted for
 * {@code pilot.security.key-cache-ttl} before it is looked up again, so a busy provider
 * costs no query per request; a revocation made on this replica takes effect at once.
 * Keys are never logged, nor are their hashes.
 */
public class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

	private static final int MAX_CACHED = 10_000;

	private final ApiKeyRepository keys;

	private final long ttlNanos;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	public ApiKeyAuthenticationManager(ApiKeyRepository keys, Duration ttl) {
		this.keys = keys;
		this.ttlNanos = ttl.toNanos();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof ApiKeyAuthentication offered) || offered.key() == null) {
			return Mono.empty();
		}
		String key = offered.key();
		if (!ApiKeys.isWellFormed(key)) {
			return Mono.error(new BadCredentialsException("The API key is malformed: a key is 32 to 256 characters "
					+ "of letters, digits and -._~+/ as the programme office issued it."));
		}
		String hash = ApiKeys.hash(key);
		Cached cached = this.cache.get(hash);
		long now = System.nanoTime();
		if (cached != null && now - cached.at() < this.ttlNanos) {
			return Mono.just(ApiKeyAuthentication.of(cached.caller()));
		}
		return this.keys.findActiveByHash(hash)
			.onErrorMap((ex) -> new AuthenticationServiceException("The key store did not answer", ex))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException(
					"The API key is not known, or it has been revoked. Ask the programme office for a key.")))
			.map((caller) -> {
				if (this.cache.size() >= MAX_CACHED) {
					this.cache.clear();
				}
				this.cache.put(hash, new Cached(caller, System.nanoTime()));
				return ApiKeyAuthentication.of(caller);
			});
	}

	/** Forgets a revoked key at once on this replica. */
	public void forget(String keyId) {
		this.cache.values().removeIf((cached) -> cached.caller().keyId().equals(keyId));
	}

	private record Cached(Caller caller, long at) {
	}

}

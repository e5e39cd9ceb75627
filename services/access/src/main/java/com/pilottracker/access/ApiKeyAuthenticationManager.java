package com.pilottracker.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

/**
 * Checks an offered API key against the stored hashes.
 * <p>
 * A key found valid is <em>known</em> on this replica: it is trusted for
 * {@code pilot.security.key-cache-ttl} before it is looked up again (a busy provider
 * costs no query per request), and looked up again without any of the limits below. A
 * revocation made on this replica takes effect at once ({@link #forget}).
 * <p>
 * Any other key, and a malformed one, is first counted against its client address
 * ({@link AddressLimit}, before any hashing); then a key found unknown a few seconds ago
 * is refused from memory ({@link UnknownKeys}); then the lookup waits for one of a few
 * slots ({@link KeyLookups}). So unknown keys, however many and from however many
 * addresses, take at most those few connections from the pool.
 * <p>
 * Telling a known key from an unknown one costs no SHA-256: the known keys are found by a
 * fast, seeded 64-bit fingerprint of the key, and only a key whose fingerprint matches is
 * hashed and compared with the stored hash. Keys are never logged, nor are their hashes.
 */
public class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

	private static final int MAX_KNOWN = 10_000;

	private static final Duration LOOKUPS_BUSY_RETRY = Duration.ofSeconds(1);

	private static final long SEED = new SecureRandom().nextLong();

	private final ApiKeyRepository keys;

	private final long ttlNanos;

	private final AddressLimit addressLimit;

	private final UnknownKeys unknown;

	private final KeyLookups lookups;

	private final LongSupplier nanoTime;

	private final Map<Long, Known> known = new ConcurrentHashMap<>();

	private final Map<String, Mono<Authentication>> inFlight = new ConcurrentHashMap<>();

	public ApiKeyAuthenticationManager(ApiKeyRepository keys, AccessProperties properties) {
		this(keys, properties.keyCacheTtl(), new AddressLimit(properties.unauthenticated()),
				new UnknownKeys(properties.unauthenticated().unknownKeyTtl()),
				new KeyLookups(properties.unauthenticated().maxConcurrentLookups()), System::nanoTime);
	}

	ApiKeyAuthenticationManager(ApiKeyRepository keys, Duration ttl, AddressLimit addressLimit, UnknownKeys unknown,
			KeyLookups lookups, LongSupplier nanoTime) {
		this.keys = keys;
		this.ttlNanos = ttl.toNanos();
		this.addressLimit = addressLimit;
		this.unknown = unknown;
		this.lookups = lookups;
		this.nanoTime = nanoTime;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof ApiKeyAuthentication offered) || offered.key() == null) {
			return Mono.empty();
		}
		String key = offered.key();
		if (!ApiKeys.isWellFormed(key)) {
			return limited(offered).then(Mono.error(new BadCredentialsException("The API key is malformed: a key is "
					+ "32 to 256 characters of letters, digits and -._~+/ as the programme office issued it.")));
		}
		long fingerprint = fingerprint(key);
		Known entry = this.known.get(fingerprint);
		String hash = null;
		if (entry != null) {
			hash = ApiKeys.hash(key);
			if (MessageDigest.isEqual(entry.hash().getBytes(StandardCharsets.US_ASCII),
					hash.getBytes(StandardCharsets.US_ASCII))) {
				if (this.nanoTime.getAsLong() - entry.at() < this.ttlNanos) {
					return Mono.just(ApiKeyAuthentication.of(entry.caller()));
				}
				// known: looked up again, past the address limit and the lookup slots
				return lookup(hash, fingerprint);
			}
		}
		String checked = hash;
		return limited(offered).then(Mono.defer(() -> {
			String offeredHash = (checked != null) ? checked : ApiKeys.hash(key);
			if (this.unknown.contains(offeredHash)) {
				return Mono.error(unknownKey());
			}
			return sharedLookup(offeredHash, fingerprint);
		}));
	}

	/**
	 * One lookup per key at a time: requests offering a key that is being looked up wait
	 * for that lookup instead of starting another, so a client opening many connections
	 * at once with a valid key (after a restart of this replica, say) takes one lookup
	 * slot, not one per connection.
	 */
	private Mono<Authentication> sharedLookup(String hash, long fingerprint) {
		Mono<Authentication> shared = this.inFlight.computeIfAbsent(hash, (key) -> this.lookups
			.run(() -> lookup(key, fingerprint))
			.onErrorMap(KeyLookups.Busy.class,
					(busy) -> new KeyNotCheckedException(KeyNotCheckedException.Why.LOOKUPS_BUSY, LOOKUPS_BUSY_RETRY))
			.doFinally((signal) -> this.inFlight.remove(key))
			.cache());
		return shared;
	}

	/** Forgets a revoked key at once on this replica. */
	public void forget(String keyId) {
		this.known.values().removeIf((cached) -> cached.caller().keyId().equals(keyId));
	}

	/**
	 * A key just issued (and committed) on this replica: known here from now on, so it
	 * works here at once, even if it was offered before it existed and remembered as
	 * unknown, and its first request is not counted against its client address.
	 */
	public void issued(String key, Caller caller) {
		String hash = ApiKeys.hash(key);
		this.unknown.remove(hash);
		remember(fingerprint(key), hash, caller);
	}

	private Mono<Void> limited(ApiKeyAuthentication offered) {
		Duration wait = this.addressLimit.acquire(offered.client());
		return wait.isZero() ? Mono.empty()
				: Mono.error(new KeyNotCheckedException(KeyNotCheckedException.Why.ADDRESS_LIMITED, wait));
	}

	private Mono<Authentication> lookup(String hash, long fingerprint) {
		return this.keys.findActiveByHash(hash)
			.onErrorMap((ex) -> new AuthenticationServiceException("The key store did not answer", ex))
			.switchIfEmpty(Mono.defer(() -> {
				this.known.remove(fingerprint);
				this.unknown.add(hash);
				return Mono.error(unknownKey());
			}))
			.map((caller) -> {
				remember(fingerprint, hash, caller);
				return ApiKeyAuthentication.of(caller);
			});
	}

	private void remember(long fingerprint, String hash, Caller caller) {
		if (this.known.size() >= MAX_KNOWN) {
			this.known.clear();
		}
		this.known.put(fingerprint, new Known(hash, caller, this.nanoTime.getAsLong()));
	}

	private static BadCredentialsException unknownKey() {
		return new BadCredentialsException(
				"The API key is not known, or it has been revoked. Ask the programme office for a key.");
	}

	/**
	 * FNV-1a over the key's characters from a random seed, then MurmurHash3's finalizer:
	 * a few nanoseconds, and not predictable from outside this process.
	 */
	static long fingerprint(String key) {
		long h = SEED;
		for (int i = 0; i < key.length(); i++) {
			h ^= key.charAt(i);
			h *= 0x100000001b3L;
		}
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h;
	}

	private record Known(String hash, Caller caller, long at) {
	}

}

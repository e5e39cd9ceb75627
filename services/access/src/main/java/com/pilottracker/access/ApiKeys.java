package com.pilottracker.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys: how they look, how they are made and how they are stored. A key is
 * {@code pt_<key id>_<secret>}, the secret 32 random bytes; only its SHA-256 is stored. A
 * fast hash is enough here because the key is random with 256 bits, not a password a
 * person chose: no dictionary applies, and a slow hash would cost every request.
 */
public final class ApiKeys {

	/** What may be offered as a key at all (RFC 6750 b64token, bounded). */
	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{32,256}=*");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String KEY_ID_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

	private ApiKeys() {
	}

	/** A new key with its public id. */
	public static Issued generate() {
		StringBuilder keyId = new StringBuilder(10);
		for (int i = 0; i < 10; i++) {
			keyId.append(KEY_ID_ALPHABET.charAt(RANDOM.nextInt(KEY_ID_ALPHABET.length())));
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String key = "pt_" + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		return new Issued(keyId.toString(), key);
	}

	/** Whether {@code token} could be a key: the right characters and length. */
	public static boolean isWellFormed(String token) {
		return token != null && TOKEN.matcher(token).matches();
	}

	/** The stored form of a key: its SHA-256, hex. */
	public static String hash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/**
	 * A newly made key. {@link #toString()} does not show the key.
	 *
	 * @param keyId the public id, shown in lists and audit entries
	 * @param key the key, shown once to whoever asked for it
	 */
	public record Issued(String keyId, String key) {

		@Override
		public String toString() {
			return "Issued[keyId=" + this.keyId + "]";
		}

	}

}

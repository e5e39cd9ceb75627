package com.pilottracker.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
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

	/** The least entropy a chosen key must have, by {@link #weakness}'s estimate. */
	static final int MIN_ENTROPY_BITS = 128;

	/** How many characters may repeat those before them, in a row. */
	static final int MAX_REPEATED = 8;

	/** The longest pattern looked for. */
	static final int MAX_PERIOD = 16;

	private static final String ADVICE = "use 32 random bytes, for example: openssl rand -base64 32";

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

	/**
	 * Why {@code key} is too weak to be taken as a key someone chose (the bootstrap
	 * office key), or {@code null} when it is not: it must be well-formed, must not
	 * repeat a pattern (a stretch of {@value #MAX_REPEATED} characters each equal to the
	 * one 1 to {@value #MAX_PERIOD} places before it: {@code aaaa…}, {@code abab…}), and
	 * must have at least {@value #MIN_ENTROPY_BITS} bits by a conservative estimate: the
	 * smaller of the Shannon entropy of its characters and of the steps between
	 * neighbouring characters ({@code abcd…} has many characters but one step), times its
	 * length. A key made of 32 random bytes, as issued or as
	 * {@code openssl rand -base64 32} makes one, has about 200 bits by this estimate.
	 */
	public static String weakness(String key) {
		if (!isWellFormed(key)) {
			return "must be 32 to 256 characters of letters, digits and -._~+/ (then '=' padding, if any)";
		}
		int length = key.length();
		for (int period = 1; period <= MAX_PERIOD; period++) {
			int stretch = 0;
			for (int i = period; i < length; i++) {
				stretch = (key.charAt(i) == key.charAt(i - period)) ? stretch + 1 : 0;
				if (stretch >= MAX_REPEATED) {
					return "repeats a pattern of " + period + ((period == 1) ? " character" : " characters") + " ("
							+ (stretch + period) + " characters in a row); " + ADVICE;
				}
			}
		}
		double bits = Math.min(shannonBits(key, 0), shannonBits(key, 1));
		if (bits < MIN_ENTROPY_BITS) {
			return "has too little entropy: about " + (long) bits + " bits by a conservative estimate, at least "
					+ MIN_ENTROPY_BITS + " are needed; " + ADVICE;
		}
		return null;
	}

	/**
	 * The Shannon entropy of the key's characters ({@code step} 0) or of the differences
	 * between neighbouring characters ({@code step} 1), times how many there are.
	 */
	private static double shannonBits(String key, int step) {
		Map<Integer, Integer> counts = new HashMap<>();
		int n = key.length() - step;
		for (int i = step; i < key.length(); i++) {
			int symbol = (step == 0) ? key.charAt(i) : key.charAt(i) - key.charAt(i - 1);
			counts.merge(symbol, 1, Integer::sum);
		}
		double entropy = 0;
		for (int count : counts.values()) {
			double p = (double) count / n;
			entropy -= p * Math.log(p) / Math.log(2);
		}
		return entropy * n;
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

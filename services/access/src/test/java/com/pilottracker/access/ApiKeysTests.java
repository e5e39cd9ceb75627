package com.pilottracker.access;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTests {

	@Test
	void generatedKeysAreWellFormedDistinctAndCarryTheirId() {
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			ApiKeys.Issued issued = ApiKeys.generate();
			assertThat(ApiKeys.isWellFormed(issued.key())).isTrue();
			assertThat(issued.key()).startsWith("pt_" + issued.keyId() + "_").hasSize(3 + 10 + 1 + 43);
			keys.add(issued.key());
		}
		assertThat(keys).hasSize(1000);
	}

	@Test
	void theStoredFormIsTheSha256OfTheKeyNotTheKey() {
		assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		ApiKeys.Issued issued = ApiKeys.generate();
		assertThat(ApiKeys.hash(issued.key())).hasSize(64).doesNotContain(issued.key().substring(14));
	}

	@Test
	void anIssuedKeyDoesNotShowItsKeyWhenPrinted() {
		ApiKeys.Issued issued = ApiKeys.generate();
		assertThat(issued.toString()).contains(issued.keyId()).doesNotContain(issued.key());
	}

	@Test
	void shortOddOrHugeTokensAreNotKeys() {
		assertThat(ApiKeys.isWellFormed(null)).isFalse();
		assertThat(ApiKeys.isWellFormed("short")).isFalse();
		assertThat(ApiKeys.isWellFormed("x".repeat(257))).isFalse();
		assertThat(ApiKeys.isWellFormed("pt_abc_" + "ä".repeat(40))).isFalse();
		assertThat(ApiKeys.isWellFormed("pt abc " + "a".repeat(40))).isFalse();
		assertThat(ApiKeys.isWellFormed("a".repeat(32))).isTrue();
	}

	@Test
	void refusesAKeyWithTooLittleEntropy() {
		assertThat(ApiKeys.weakness("abcd".repeat(8))).contains("repeats a pattern of 4 characters");
		assertThat(ApiKeys.weakness("a".repeat(32))).contains("repeats a pattern of 1 character");
		assertThat(ApiKeys.weakness("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")).contains("too little entropy")
			.contains("at least 128")
			.contains("openssl rand -base64 32");
		assertThat(ApiKeys.weakness("cbdaaacabaaddabadaabadababcdbacbabcaaabd")).contains("too little entropy");
	}

	@Test
	void refusesAStrongKeyThatEndsInALongRepetition() {
		String strong = ApiKeys.generate().key();
		assertThat(ApiKeys.weakness(strong + "x".repeat(9))).contains("repeats a pattern of 1 character");
		assertThat(ApiKeys.weakness(strong + "xy".repeat(5))).contains("repeats a pattern of 2 characters");
	}

	@Test
	void refusesAMalformedKeyAndNeverShowsTheKey() {
		assertThat(ApiKeys.weakness("short")).contains("32 to 256 characters");
		String weak = "pt_secretvalue_" + "z".repeat(30);
		assertThat(ApiKeys.weakness(weak)).doesNotContain("secretvalue").doesNotContain("zzzz");
	}

	@Test
	void acceptsEveryIssuedKeyAndRandomKeysMadeAsTheDocsSay() {
		java.security.SecureRandom random = new java.security.SecureRandom();
		for (int i = 0; i < 20_000; i++) {
			String issued = ApiKeys.generate().key();
			assertThat(ApiKeys.weakness(issued)).as(issued).isNull();
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
			assertThat(ApiKeys.weakness(base64)).as(base64).isNull();
			byte[] hexBytes = new byte[24];
			random.nextBytes(hexBytes);
			String hex = java.util.HexFormat.of().formatHex(hexBytes);
			assertThat(ApiKeys.weakness(hex)).as(hex).isNull();
		}
		assertThat(ApiKeys.weakness("pt_testoffice_kL9xQ2vR7mN4pT8wY3zB6cF1hJ5sD0gA2eU")).isNull();
	}

}

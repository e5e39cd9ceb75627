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

}

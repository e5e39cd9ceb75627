package com.pilottracker.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTests {

	@Test
	void eachRoleReportsAsItsOwnSource() {
		assertThat(new Caller("k", "alice", Role.OFFICE).source()).isEqualTo("/programme-office");
		assertThat(new Caller("k", "ceprei", Role.PROVIDER).source()).isEqualTo("/providers/ceprei");
		assertThat(new Caller("k", "mayor", Role.VIEWER).source()).isNull();
	}

	@Test
	void aProviderOwnsOnlyItsOwnSourceAndTheOfficeOwnsEvery() {
		Caller provider = new Caller("k", "ceprei", Role.PROVIDER);
		assertThat(provider.owns("/providers/ceprei")).isTrue();
		assertThat(provider.owns("/providers/ceprei2")).isFalse();
		assertThat(provider.owns(null)).isFalse();
		assertThat(new Caller("k", "alice", Role.OFFICE).owns("/providers/ceprei")).isTrue();
		assertThat(new Caller("k", "mayor", Role.VIEWER).owns("/providers/ceprei")).isFalse();
	}

}

package com.pilottracker.access;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableRequestsTests {

	private final PrintableRequests filter = new PrintableRequests();

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/milestones/m%00id?source=%2Fprogramme-office",
			"/api/v1/milestones/m-1?source=%2Fprogramme-office%0D%0Aforged", "/api/v1/funnel?district=%C2%85",
			"/api/v1/milestones/a%0Ab", "/api/v1/funnel?x%00=1" })
	void refusesAPathOrQueryHoldingWhatNoStringMayWith400(String uri) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(uri)).build());
		boolean[] passed = new boolean[1];

		StepVerifier.create(this.filter.filter(exchange, chain(passed))).verifyComplete();

		assertThat(passed[0]).isFalse();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext((body) -> assertThat(body).contains("/problems/invalid-request-line")
				.contains("Only printable text is accepted"))
			.verifyComplete();
	}

	@Test
	void passesPrintableTextOfAnyScript() {
		String uri = "/api/v1/funnel?district=" + java.net.URLEncoder.encode("思明区", StandardCharsets.UTF_8)
				+ "&industry=%E7%94%B5%E5%AD%90%E4%BF%A1%E6%81%AF";
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(uri)).build());
		boolean[] passed = new boolean[1];

		StepVerifier.create(this.filter.filter(exchange, chain(passed))).verifyComplete();

		assertThat(passed[0]).isTrue();
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	private static WebFilterChain chain(boolean[] passed) {
		return (exchange) -> {
			passed[0] = true;
			return Mono.empty();
		};
	}

}

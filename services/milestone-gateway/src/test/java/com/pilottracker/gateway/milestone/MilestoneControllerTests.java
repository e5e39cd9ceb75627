package com.pilottracker.gateway.milestone;

import java.time.Instant;

import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.gateway.receipt.Receipt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class MilestoneControllerTests {

	@ParameterizedTest
	@ValueSource(strings = { "m-1", "applicant-91350203MA2YQ8LX3B", "a b", "é/?#&=%+", "中文 id", "a;b,c:d@e!$'()*~._",
			"%2F" })
	void locatesTheReceiptAsTheUriTemplateWould(String id) {
		Receipt receipt = new Receipt(id, "/providers/" + id, "pilot.solicited", "pilot", "91350203MA2YQ8LX3B",
				Instant.EPOCH, MilestoneStatus.PENDING, null, null, null, Instant.EPOCH, null);
		HttpHeaders expected = new HttpHeaders();
		expected.setLocation(UriComponentsBuilder.fromPath("/api/v1/milestones/{id}")
			.queryParam("source", "{source}")
			.encode()
			.buildAndExpand(receipt.id(), receipt.source())
			.toUri());
		HttpHeaders actual = new HttpHeaders();

		actual.setLocation(MilestoneController.location(receipt));

		assertThat(actual.getFirst(HttpHeaders.LOCATION)).isEqualTo(expected.getFirst(HttpHeaders.LOCATION));
	}

}

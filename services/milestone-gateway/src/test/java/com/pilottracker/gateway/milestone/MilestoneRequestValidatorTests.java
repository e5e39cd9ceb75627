package com.pilottracker.gateway.milestone;

import java.time.Instant;
import java.util.Map;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MilestoneRequestValidatorTests {

	@Test
	void turnsAValidCloudEventIntoAMilestoneInUtc() {
		CloudEventRequest request = new CloudEventRequest("1.0", "m-1", "/programme-office", "pilot.solicited",
				"91350203MA2YQ8LX3K", "2024-03-05T09:30:00+08:00", "application/json",
				Map.of("district", " 思明区 ", "industry", "电子信息", "enterpriseName", "厦门嘉鹭电子科技有限公司"));

		Milestone milestone = MilestoneRequestValidator.validate(request);

		assertThat(milestone.type()).isEqualTo(MilestoneType.SOLICITED);
		assertThat(milestone.time()).isEqualTo(Instant.parse("2024-03-05T01:30:00Z"));
		assertThat(milestone.data()).isEqualTo(new MilestoneData("思明区", "电子信息", null, "厦门嘉鹭电子科技有限公司"));
	}

	@Test
	void listsEveryProblemWithAPointerToItsField() {
		CloudEventRequest request = new CloudEventRequest(null, " ", null, "pilot.approved", "not-a-uscc",
				"2024-03-05 09:30", "text/xml", Map.of("district", 42));

		assertThatExceptionOfType(InvalidMilestoneException.class)
			.isThrownBy(() -> MilestoneRequestValidator.validate(request))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(FieldError::pointer)
				.containsExactly("/specversion", "/id", "/source", "/type", "/subject", "/time", "/datacontenttype",
						"/data/district"));
	}

	@Test
	void requiresDistrictAndIndustryForASolicitation() {
		CloudEventRequest request = new CloudEventRequest("1.0", "m-1", "/programme-office", "pilot.solicited",
				"91350203MA2YQ8LX3K", "2024-03-05T09:30:00Z", null, Map.of("district", ""));

		assertThatExceptionOfType(InvalidMilestoneException.class)
			.isThrownBy(() -> MilestoneRequestValidator.validate(request))
			.satisfies((ex) -> assertThat(ex.errors()).containsExactly(
					new FieldError("/data/district", "is required for pilot.solicited"),
					new FieldError("/data/industry", "is required for pilot.solicited")));
	}

	@Test
	void requiresAProviderForAContract() {
		CloudEventRequest request = new CloudEventRequest("1.0", "m-2", "/providers/ceprei", "pilot.contracted",
				"91350203MA2YQ8LX3K", "2024-05-05T09:30:00Z", null, null);

		assertThatExceptionOfType(InvalidMilestoneException.class)
			.isThrownBy(() -> MilestoneRequestValidator.validate(request))
			.satisfies((ex) -> assertThat(ex.errors())
				.containsExactly(new FieldError("/data/provider", "is required for pilot.contracted")));
	}

	@Test
	void refusesOverlongAttributes() {
		CloudEventRequest request = new CloudEventRequest("1.0", "m".repeat(257), "/providers/ceprei",
				"pilot.withdrawn", "91350203MA2YQ8LX3K", "2024-05-05T09:30:00Z", null, null);

		assertThatExceptionOfType(InvalidMilestoneException.class)
			.isThrownBy(() -> MilestoneRequestValidator.validate(request))
			.satisfies((ex) -> assertThat(ex.errors())
				.containsExactly(new FieldError("/id", "must be at most 256 characters")));
	}

}

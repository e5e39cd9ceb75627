package com.pilottracker.gateway.milestone;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Registries;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.RegistryRevision;
import com.pilottracker.contracts.ServiceDomain;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.reference.ReferenceData;
import com.pilottracker.testsupport.PilotMilestones;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MilestoneRequestValidatorTests {

	static final Instant NOW = Instant.parse("2025-07-18T02:00:00Z");

	static final ReferenceData.Snapshot REFERENCE = new ReferenceData.Snapshot(Set.of("思明区", "湖里区"),
			Set.of("电子信息", "新材料"), Set.of("91350200M000100Y4A"));

	/** Provider {@code p-1}, vetted, and {@code p-2}, suspended. */
	static final Registries REGISTRIES = Registries
		.of(List.of(provider("p-1", RegistryEntry.Vetting.VETTED), provider("p-2", RegistryEntry.Vetting.SUSPENDED)));

	static final ValidationRules RULES = new ValidationRules(NOW, Duration.ofMinutes(5),
			Instant.parse("2022-12-31T16:00:00Z"), null, REFERENCE, Programmes.shipped(), REGISTRIES);

	static final ValidationRules PROVIDER_RULES = new ValidationRules(NOW, Duration.ofMinutes(5),
			Instant.parse("2022-12-31T16:00:00Z"), Duration.ofDays(90), REFERENCE, Programmes.shipped(), REGISTRIES);

	private static RegistryRevision provider(String id, RegistryEntry.Vetting vetting) {
		return new RegistryRevision(new RegistryEntry.ServiceOrganisation(id, new Programme.Names("服务机构", "provider"),
				List.of(ServiceDomain.DIGITALISATION), vetting), 1, Instant.EPOCH, "office", "test");
	}

	@Test
	void refusesAContractNamingAProviderThatIsNotRegisteredOrNotVetted() {
		Map<String, Object> contract = solicited("91350203MA2YQ8LX3B");
		contract.put("type", "pilot.contracted");
		contract.put("data", Map.of("provider", "p-1"));
		assertThat(MilestoneRequestValidator.validate(contract, RULES).data().provider()).isEqualTo("p-1");
		contract.put("data", Map.of("provider", "p-2"));
		assertThat(errors(contract))
			.containsExactly(new FieldError("/data/provider", "service organisation 'p-2' is SUSPENDED, not VETTED"));
		contract.put("data", Map.of("provider", "p-3"));
		assertThat(errors(contract)).extracting(FieldError::detail)
			.singleElement()
			.asString()
			.startsWith("'p-3' is not a registered service organisation");
	}

	@Test
	void turnsAValidCloudEventIntoAMilestoneInUtc() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("data", Map.of("district", " 思明区 ", "industry", "电子信息", "enterpriseName", "厦门嘉鹭电子科技有限公司"));

		Milestone milestone = MilestoneRequestValidator.validate(event, RULES);

		assertThat(milestone.type()).isEqualTo(PilotMilestones.SOLICITED);
		assertThat(milestone.time()).isEqualTo(Instant.parse("2024-03-05T01:30:00Z"));
		assertThat(milestone.data()).isEqualTo(new MilestoneData("思明区", "电子信息", null, "厦门嘉鹭电子科技有限公司"));
	}

	@Test
	void listsEveryProblemWithAPointerToItsField() {
		Map<String, Object> event = new HashMap<>(Map.of("id", " ", "type", "pilot.approved", "subject", "not-a-uscc",
				"time", "2024-03-05 09:30", "datacontenttype", "text/xml", "data", Map.of("district", 42)));

		assertThat(errors(event)).extracting(FieldError::pointer)
			.containsExactly("/specversion", "/id", "/source", "/type", "/subject", "/time", "/datacontenttype",
					"/data/district");
	}

	@Test
	void refusesAttributesOfTheWrongType() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("id", 7);
		event.put("subject", List.of("91350203MA2YQ8LX3B"));
		event.put("data", "思明区");

		assertThat(errors(event)).extracting(FieldError::pointer).contains("/id", "/subject", "/data");
	}

	@Test
	void namesTheExpectedCheckCharacterOfAUsccThatFailsIt() {
		assertThat(errors(solicited("91350203MA2YQ8LX3K"))).containsExactly(new FieldError("/subject",
				"check character is 'K' but GB 32100-2015 expects 'B'; a "
						+ "legally issued code that fails the check is accepted once the programme office puts it on "
						+ "its exception list"));
	}

	@Test
	void acceptsAUsccOnTheOfficesExceptionList() {
		Milestone milestone = MilestoneRequestValidator.validate(solicited("91350200M000100Y4A"), RULES);

		assertThat(milestone.subject().hasValidCheckCharacter()).isFalse();
	}

	@Test
	void refusesATimeInTheFutureOrBeforeTheProgramme() {
		Map<String, Object> future = solicited("91350203MA2YQ8LX3B");
		future.put("time", "2025-07-18T10:10:00+08:00");
		Map<String, Object> early = solicited("91350203MA2YQ8LX3B");
		early.put("time", "2022-12-31T23:59:59+08:00");
		Map<String, Object> withinSkew = solicited("91350203MA2YQ8LX3B");
		withinSkew.put("time", "2025-07-18T10:04:00+08:00");

		assertThat(errors(future)).extracting(FieldError::detail).singleElement().asString().contains("future");
		assertThat(errors(early)).extracting(FieldError::detail)
			.singleElement()
			.asString()
			.contains("before the programme");
		assertThat(MilestoneRequestValidator.validate(withinSkew, RULES).time())
			.isEqualTo(Instant.parse("2025-07-18T02:04:00Z"));
	}

	@Test
	void refusesADistrictOrIndustryOutsideTheReferenceData() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("data", Map.of("district", "鼓浪屿", "industry", "旅游"));

		assertThat(errors(event)).extracting(FieldError::pointer).containsExactly("/data/district", "/data/industry");
	}

	@Test
	void requiresAProviderForAContract() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("type", "pilot.contracted");
		event.remove("data");

		assertThat(errors(event)).containsExactly(new FieldError("/data/provider", "is required for pilot.contracted"));
	}

	@Test
	void refusesOverlongAttributes() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("id", "m".repeat(257));

		assertThat(errors(event)).containsExactly(new FieldError("/id", "must be at most 256 characters"));
	}

	@Test
	void refusesEveryStringHoldingWhatATableOrALogLineCannotTake() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("id", "m-1\u0000");
		event.put("source", "/programme-office\r\nforged: line");
		event.put("data", Map.of("district", "思明区\ud800", "industry", "电子信息", "enterpriseName", "name\ufffe"));

		List<FieldError> errors = errors(event);

		assertThat(errors).extracting(FieldError::pointer)
			.containsExactlyInAnyOrder("/id", "/source", "/data/district", "/data/enterpriseName");
		assertThat(errors).filteredOn((error) -> error.pointer().equals("/id"))
			.singleElement()
			.extracting(FieldError::detail)
			.asString()
			.contains("NUL character");
	}

	@Test
	void boundsHowFarBackAProviderMayDateAMilestoneButNotTheOffice() {
		Map<String, Object> old = solicited("91350203MA2YQ8LX3B");
		old.put("time", "2025-04-01T09:30:00+08:00");
		Map<String, Object> recent = solicited("91350203MA2YQ8LX3B");
		recent.put("time", "2025-05-01T09:30:00+08:00");

		assertThat(assertThatExceptionOfType(InvalidMilestoneException.class)
			.isThrownBy(() -> MilestoneRequestValidator.validate(old, PROVIDER_RULES))
			.actual()
			.errors()).singleElement().satisfies((error) -> {
				assertThat(error.pointer()).isEqualTo("/time");
				assertThat(error.detail()).contains("more than 90 days back");
			});
		assertThat(MilestoneRequestValidator.validate(recent, PROVIDER_RULES).time())
			.isEqualTo(Instant.parse("2025-05-01T01:30:00Z"));
		assertThat(MilestoneRequestValidator.validate(old, RULES).time())
			.isEqualTo(Instant.parse("2025-04-01T01:30:00Z"));
	}

	@Test
	void turnsAGradientMilestoneWithItsAttributesIntoAMilestoneOfTheGradient() {
		Map<String, Object> event = innovative("91350203MA2YQ8LX3B");
		event.put("programme", "gradient");

		Milestone milestone = MilestoneRequestValidator.validate(event, RULES);

		assertThat(milestone.type()).isEqualTo(new MilestoneType("gradient.innovative"));
		assertThat(milestone.programme()).isEqualTo("gradient");
		assertThat(milestone.data())
			.isEqualTo(new MilestoneData("思明区", "电子信息", null, null, Map.of("highTech", "true")));
	}

	@Test
	void takesAJsonBooleanAttributeAsItsWord() {
		Map<String, Object> event = innovative("91350203MA2YQ8LX3B");
		event.put("data", Map.of("district", "思明区", "industry", "电子信息", "attributes", Map.of("highTech", false)));

		assertThat(MilestoneRequestValidator.validate(event, RULES).data().attributes())
			.isEqualTo(Map.of("highTech", "false"));
	}

	@Test
	void requiresEveryRequiredAttributeOfTheMilestoneEnteringTheProgramme() {
		Map<String, Object> event = innovative("91350203MA2YQ8LX3B");
		event.put("data", Map.of("industry", "电子信息"));

		assertThat(errors(event)).containsExactly(
				new FieldError("/data/district", "is required for gradient.innovative"),
				new FieldError("/data/attributes/highTech", "is required for gradient.innovative (boolean)"));
	}

	@Test
	void checksAnAttributesValueByItsKind() {
		Map<String, Object> event = innovative("91350203MA2YQ8LX3B");
		event.put("data", Map.of("district", "思明区", "industry", "电子信息", "attributes", Map.of("highTech", "yes")));

		assertThat(errors(event))
			.containsExactly(new FieldError("/data/attributes/highTech", "must be \"true\" or \"false\""));
	}

	@Test
	void refusesAnAttributeTheProgrammeDoesNotDeclareNamingItOnlyWhenItIsAPlainWord() {
		Map<String, Object> event = innovative("91350203MA2YQ8LX3B");
		event.put("data", Map.of("district", "思明区", "industry", "电子信息", "attributes",
				Map.of("highTech", "true", "listed", "true", "x/\u0000", "1")));

		List<FieldError> errors = errors(event);

		assertThat(errors).extracting(FieldError::pointer)
			.containsExactlyInAnyOrder("/data/attributes/listed", "/data/attributes");
		assertThat(errors).extracting(FieldError::detail).noneMatch((detail) -> detail.contains("\u0000"));
		assertThat(errors).filteredOn((error) -> error.pointer().equals("/data/attributes/listed"))
			.singleElement()
			.extracting(FieldError::detail)
			.isEqualTo("'listed' is not an attribute of gradient; it declares highTech");
	}

	@Test
	void refusesAttributesOnAMilestoneThatDoesNotEnterTheProgramme() {
		Map<String, Object> gradient = innovative("91350203MA2YQ8LX3B");
		gradient.put("type", "gradient.specialised");
		Map<String, Object> pilot = solicited("91350203MA2YQ8LX3B");
		pilot.put("type", "pilot.contracted");
		pilot.put("data", Map.of("provider", "p-1", "attributes", Map.of("highTech", "true")));

		assertThat(errors(gradient)).containsExactly(new FieldError("/data/attributes/highTech",
				"only gradient.innovative carries the attributes of gradient; gradient.specialised carries none"));
		assertThat(errors(pilot)).extracting(FieldError::pointer).containsExactly("/data/attributes/highTech");
	}

	@Test
	void refusesAnAttributeOnTheMilestoneEnteringAProgrammeThatDeclaresNone() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("data", Map.of("district", "思明区", "industry", "电子信息", "attributes", Map.of("highTech", "true")));

		assertThat(errors(event)).containsExactly(new FieldError("/data/attributes/highTech",
				"'highTech' is not an attribute of pilot; it declares none besides district and industry"));
	}

	@Test
	void refusesATypeNoProgrammeDeclaresListingTheTypesOfEveryProgramme() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("type", "training.enrolled");

		assertThat(errors(event)).singleElement().satisfies((error) -> {
			assertThat(error.pointer()).isEqualTo("/type");
			assertThat(error.detail()).startsWith("'training.enrolled' is not a milestone type of any programme")
				.contains("pilot.solicited", "pilot.withdrawn", "gradient.innovative", "gradient.re-reviewed");
		});
	}

	@Test
	void refusesAProgrammeAttributeThatIsNotTheTypesProgramme() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("programme", "gradient");
		Map<String, Object> named = solicited("91350203MA2YQ8LX3B");
		named.put("programme", "pilot");

		assertThat(errors(event)).containsExactly(new FieldError("/programme",
				"'gradient' is not the programme of pilot.solicited, which is 'pilot'; leave it out or give that"));
		assertThat(MilestoneRequestValidator.validate(named, RULES).programme()).isEqualTo("pilot");
	}

	@Test
	void refusesAProgrammeAttributeThatIsNotPrintableText() {
		Map<String, Object> event = solicited("91350203MA2YQ8LX3B");
		event.put("programme", "pilot\u0000");

		assertThat(errors(event)).extracting(FieldError::pointer).containsExactly("/programme");
	}

	static List<FieldError> errors(Map<String, Object> event) {
		return assertThatExceptionOfType(InvalidMilestoneException.class)
			.isThrownBy(() -> MilestoneRequestValidator.validate(event, RULES))
			.actual()
			.errors();
	}

	static Map<String, Object> innovative(String uscc) {
		Map<String, Object> event = solicited(uscc);
		event.put("type", "gradient.innovative");
		event.put("data", Map.of("district", "思明区", "industry", "电子信息", "attributes", Map.of("highTech", "true")));
		return event;
	}

	static Map<String, Object> solicited(String uscc) {
		Map<String, Object> event = new HashMap<>();
		event.put("specversion", "1.0");
		event.put("id", "m-1");
		event.put("source", "/programme-office");
		event.put("type", "pilot.solicited");
		event.put("subject", uscc);
		event.put("time", "2024-03-05T09:30:00+08:00");
		event.put("data", Map.of("district", "思明区", "industry", "电子信息"));
		return event;
	}

}

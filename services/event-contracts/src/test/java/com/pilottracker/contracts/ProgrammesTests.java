package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProgrammesTests {

	@Test
	void shipsThePilotWithItsThreeStagesAndItsWithdrawal() {
		Programme pilot = Programmes.pilot();

		assertThat(pilot.funnelStages()).extracting(Stage::name)
			.containsExactly("SOLICITED", "CONTRACTED", "PRE_ACCEPTANCE");
		assertThat(pilot.exits()).extracting((exit) -> exit.stage().name()).containsExactly("WITHDRAWN");
		assertThat(pilot.milestoneTypes()).extracting(MilestoneType::value)
			.containsExactly("pilot.solicited", "pilot.contracted", "pilot.pre-acceptance", "pilot.withdrawn");
		assertThat(pilot.reentry()).isFalse();
		assertThat(pilot.holdLimit()).isEqualTo(Duration.ofDays(30));
		assertThat(pilot.providerStage()).contains(new Stage("CONTRACTED"));
		assertThat(pilot.definition(new Stage("SOLICITED")).stalledAfter()).contains(Duration.ofDays(90));
		assertThat(pilot.definition(new Stage("CONTRACTED")).name().zh()).isEqualTo("立项签约启动改造");
	}

	@Test
	void shipsTheGradientWithItsTiersLapseRevocationAndHighTechAttribute() {
		Programme gradient = Programmes.gradient();

		assertThat(gradient.funnelStages()).extracting(Stage::name)
			.containsExactly("INNOVATIVE", "SPECIALISED", "LITTLE_GIANT");
		assertThat(gradient.stages()).allMatch((stage) -> stage.reportedBy() == Programme.Reporting.OFFICE);
		assertThat(gradient.renewal()).hasValueSatisfying((renewal) -> {
			assertThat(renewal.validity()).isEqualTo(Period.ofYears(3));
			assertThat(renewal.lapse()).contains(new Stage("LAPSED"));
		});
		assertThat(gradient.exit(new Stage("LAPSED")).milestone()).isEmpty();
		assertThat(gradient.exit(new Stage("REVOKED")).milestone()).contains(new MilestoneType("gradient.revoked"));
		assertThat(gradient.reentry()).isTrue();
		assertThat(gradient.declaredAttributes()).singleElement()
			.satisfies((attribute) -> assertThat(attribute.name()).isEqualTo("highTech"));
		assertThat(gradient.providerStage()).isEmpty();
	}

	@Test
	void findsTheProgrammeOfEachMilestoneTypeAndThePilotForARecordThatNamesNone() {
		Programmes catalog = Programmes.shipped();

		assertThat(catalog.declaring("pilot.contracted")).map(Programme::id).contains("pilot");
		assertThat(catalog.declaring("gradient.little-giant")).map(Programme::id).contains("gradient");
		assertThat(catalog.declaring("gradient.lapsed")).isEmpty();
		assertThat(catalog.declaring("not a type")).isEmpty();
		assertThat(catalog.orPilot(null).id()).isEqualTo("pilot");
		assertThat(catalog.find("diagnosis")).isEmpty();
	}

	@Test
	void writesADefinitionThatReadsBackTheSame() {
		for (Programme programme : Programmes.shipped().all()) {
			assertThat(Programmes.read(Programmes.write(programme))).isEqualTo(programme);
		}
	}

	@Test
	void refusesADefinitionThatCannotBeFollowed() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(PILOT.replace("pilot.contracted", "other.contracted")))
			.withMessageContaining("does not begin with pilot.");
		assertThatIllegalArgumentException().isThrownBy(() -> read(PILOT.replace("\"CONTRACTED\"", "\"SOLICITED\"")))
			.withMessageContaining("declared twice");
		assertThatIllegalArgumentException().isThrownBy(() -> read(PILOT.replace("\"district\"", "\"area\"")))
			.withMessageContaining("district and industry");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(PILOT.replace("\"reportedBy\": \"NAMING_PROVIDER\", \"namesProvider\": true",
					"\"reportedBy\": \"NAMING_PROVIDER\"")))
			.withMessageContaining("needs a stage that names the provider");
		assertThatIllegalArgumentException().isThrownBy(() -> read(PILOT.replace("\"P30D\"", "\"thirty days\"")))
			.withMessageContaining("not a programme definition");
		assertThatIllegalArgumentException().isThrownBy(() -> read(PILOT.replace("\"reentry\"", "\"re-entry\"")))
			.withMessageContaining("not a programme definition");
		assertThatIllegalArgumentException().isThrownBy(() -> read("{\"id\": \"pilot\"}"))
			.withMessageContaining("a programme definition needs revision");
		assertThatIllegalArgumentException().isThrownBy(() -> read("{\"id\": \"pi\u0000lot\"}"))
			.withMessageContaining("not a programme definition");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(PILOT.replace("\"id\": \"pilot\"", "\"id\": \"Pilot\"")))
			.withMessageContaining("a programme id is");
	}

	@Test
	void refusesACatalogWhereTwoProgrammesDeclareOneType() {
		Programme pilot = Programmes.pilot();
		Programme copy = new Programme("pilot", 2, pilot.name(), pilot.stages(), pilot.exits(), Optional.empty(), false,
				pilot.holdLimit(), pilot.attributes());

		assertThatIllegalArgumentException().isThrownBy(() -> new Programmes(List.of(pilot, copy)))
			.withMessageContaining("defined twice");
	}

	private static Programme read(String json) {
		return Programmes.read(json.getBytes(StandardCharsets.UTF_8));
	}

	private static final String PILOT = """
			{
			  "id": "pilot", "revision": 1, "name": { "zh": "试点", "en": "pilot" },
			  "stages": [
			    { "stage": "SOLICITED", "name": { "zh": "征集", "en": "solicited" }, "milestone": "pilot.solicited",
			      "reportedBy": "OFFICE" },
			    { "stage": "CONTRACTED", "name": { "zh": "签约", "en": "contracted" }, "milestone": "pilot.contracted",
			      "needsPredecessor": true, "reportedBy": "NAMING_PROVIDER", "namesProvider": true },
			    { "stage": "PRE_ACCEPTANCE", "name": { "zh": "预验收", "en": "pre-acceptance" },
			      "milestone": "pilot.pre-acceptance", "needsPredecessor": true, "reportedBy": "CONTRACTED_PROVIDER" }
			  ],
			  "exits": [ { "stage": "WITHDRAWN", "name": { "zh": "退出", "en": "withdrew" }, "milestone": "pilot.withdrawn",
			      "reportedBy": "CONTRACTED_PROVIDER" } ],
			  "reentry": false, "holdLimit": "P30D",
			  "attributes": [
			    { "name": "district", "label": { "zh": "区", "en": "district" }, "kind": "DISTRICT", "required": true },
			    { "name": "industry", "label": { "zh": "行业", "en": "industry" }, "kind": "INDUSTRY", "required": true }
			  ]
			}
			""";

}

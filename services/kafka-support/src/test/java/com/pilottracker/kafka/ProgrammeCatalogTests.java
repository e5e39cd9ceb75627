package com.pilottracker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.ProgrammeRevision;
import com.pilottracker.contracts.ProgrammeRevisionCodec;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.WireRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every service's catalog applies to the records of {@code pilot.programmes},
 * so that all of them end with the same programmes whatever was written to the topic.
 */
class ProgrammeCatalogTests {

	static final Instant DEFINED = Instant.parse("2026-12-03T09:30:00Z");

	final ProgrammeCatalog catalog = ProgrammeCatalog.fixed(Programmes.shipped());

	@Test
	void addsANewProgrammeAndTellsItsListeners() {
		List<String> added = new ArrayList<>();
		this.catalog.onNewProgramme((programme) -> added.add(programme.id()));

		assertThat(this.catalog.apply(record(diagnosis(1, "diagnosed", "P30D"), DEFINED))).isTrue();

		assertThat(this.catalog.all()).extracting(Programme::id).containsExactly("pilot", "gradient", "diagnosis");
		assertThat(added).containsExactly("diagnosis");
		assertThat(this.catalog.latest("diagnosis").orElseThrow().recordedBy()).isEqualTo("office");
	}

	@Test
	void aMilestoneAcceptedBeforeItsProgrammeWasDefinedIsNotTheProgrammes() {
		this.catalog.apply(record(diagnosis(1, "diagnosed", "P30D"), DEFINED));

		assertThat(this.catalog.declaring("diagnosis.diagnosed", DEFINED.minusMillis(1))).isEmpty();
		assertThat(this.catalog.declaring("diagnosis.diagnosed", DEFINED)).isPresent();
		assertThat(this.catalog.declaring("pilot.solicited", Instant.parse("2019-01-01T00:00:00Z"))).isPresent();
		assertThat(this.catalog.definedBy(DEFINED.minusMillis(1)).find("diagnosis")).isEmpty();
		assertThat(this.catalog.definedBy(DEFINED).find("diagnosis")).isPresent();
	}

	@Test
	void appliesOnlyTheNextRevisionAndOnlyOneThatMayFollow() {
		this.catalog.apply(record(diagnosis(1, "diagnosed", "P30D"), DEFINED));

		assertThat(this.catalog.apply(record(diagnosis(3, "skipped one", "P30D"), DEFINED.plusSeconds(1)))).isFalse();
		assertThat(this.catalog.apply(record(diagnosis(2, "stricter", "P1D"), DEFINED.plusSeconds(2)))).isFalse();
		assertThat(this.catalog.apply(record(diagnosis(2, "diagnosed for free", "P30D"), DEFINED.plusSeconds(3))))
			.isTrue();
		assertThat(this.catalog.apply(record(diagnosis(2, "a second revision 2", "P30D"), DEFINED.plusSeconds(4))))
			.isFalse();

		assertThat(this.catalog.revisions("diagnosis")).extracting(ProgrammeRevision::revision).containsExactly(1, 2);
		Programme inForce = this.catalog.require("diagnosis");
		assertThat(inForce.stages().get(0).name().en()).isEqualTo("diagnosed for free");
		assertThat(inForce.holdLimit()).isEqualTo(Duration.ofDays(30));
		// the definition in force counts from the first revision
		assertThat(this.catalog.definedAt("diagnosis")).contains(DEFINED);
	}

	@Test
	void skipsARecordItCannotReadAndAFirstDefinitionThatIsNotRevisionOne() {
		WireRecord good = record(diagnosis(1, "diagnosed", "P30D"), DEFINED);
		WireRecord garbage = new WireRecord("diagnosis", good.headers(), "{not json".getBytes(StandardCharsets.UTF_8),
				DEFINED);

		assertThat(this.catalog.apply(garbage)).isFalse();
		assertThat(this.catalog.apply(record(diagnosis(2, "diagnosed", "P30D"), DEFINED))).isFalse();
		assertThat(this.catalog.find("diagnosis")).isEmpty();
		assertThat(this.catalog.apply(good)).isTrue();
	}

	@Test
	void revisesAShippedProgrammeFromItsShippedRevision() {
		String json = new String(Programmes.write(Programmes.pilot()), StandardCharsets.UTF_8)
			.replace("\"revision\":1", "\"revision\":2")
			.replace("withdrew", "left the pilot");

		assertThat(this.catalog.apply(record(Programmes.read(json.getBytes(StandardCharsets.UTF_8)), DEFINED)))
			.isTrue();

		assertThat(this.catalog.revisions("pilot")).extracting(ProgrammeRevision::recordedBy)
			.containsExactly(ProgrammeRevision.RELEASE, "office");
		assertThat(this.catalog.require("pilot").exits().get(0).name().en()).isEqualTo("left the pilot");
		assertThat(this.catalog.definedAt("pilot")).contains(Instant.EPOCH);
	}

	private static WireRecord record(Programme definition, Instant at) {
		return ProgrammeRevisionCodec.encode(new ProgrammeRevision(definition, at, "office", "for the test"));
	}

	private static Programme diagnosis(int revision, String diagnosedEn, String holdLimit) {
		String json = """
				{ "id": "diagnosis", "revision": %d,
				  "name": { "zh": "千员万企", "en": "digital diagnosis" },
				  "stages": [ { "stage": "DIAGNOSED", "name": { "zh": "完成诊断", "en": "%s" },
				                "milestone": "diagnosis.diagnosed", "reportedBy": "OFFICE" } ],
				  "holdLimit": "%s",
				  "attributes": [
				    { "name": "district", "label": { "zh": "区", "en": "district" }, "kind": "DISTRICT", "required": true },
				    { "name": "industry", "label": { "zh": "行业", "en": "industry" }, "kind": "INDUSTRY", "required": true } ] }
				"""
			.formatted(revision, diagnosedEn, holdLimit);
		return Programmes.read(json.getBytes(StandardCharsets.UTF_8));
	}

}

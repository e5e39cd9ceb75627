package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProgrammeRevisionTests {

	static final Programme PILOT = Programmes.pilot();

	@Test
	void aRevisionMayRenameAndMoveAStalledThresholdAndAddAnOptionalAttribute() {
		String json = new String(Programmes.write(PILOT), StandardCharsets.UTF_8)
			.replace("\"revision\":1", "\"revision\":2")
			.replace("took part in the pilot call", "answered the pilot call")
			.replace("\"P90D\"", "\"P120D\"")
			.replace("\"kind\":\"INDUSTRY\",\"required\":true}",
					"\"kind\":\"INDUSTRY\",\"required\":true},{\"name\":\"chainLeader\",\"label\":{\"zh\":\"链主\","
							+ "\"en\":\"chain leader\"},\"kind\":\"BOOLEAN\",\"required\":false}");
		Programme next = Programmes.read(json.getBytes(StandardCharsets.UTF_8));

		assertThat(next.attribute("chainLeader")).isPresent();
		assertThat(ProgrammeRevision.differences(PILOT, next)).isEmpty();
	}

	@Test
	void aRevisionMayNotChangeWhatADecisionDependsOn() {
		String json = new String(Programmes.write(PILOT), StandardCharsets.UTF_8)
			.replace("\"revision\":1", "\"revision\":3")
			.replace("\"P30D\"", "\"P7D\"")
			.replace("\"reentry\":false", "\"reentry\":true")
			.replace("\"kind\":\"INDUSTRY\",\"required\":true}",
					"\"kind\":\"INDUSTRY\",\"required\":true},{\"name\":\"size\",\"label\":{\"zh\":\"规模\","
							+ "\"en\":\"size\"},\"kind\":\"TEXT\",\"required\":true}");
		Programme next = Programmes.read(json.getBytes(StandardCharsets.UTF_8));

		assertThat(ProgrammeRevision.differences(PILOT, next)).extracting(ProgrammeRevision.Difference::pointer)
			.containsExactly("/revision", "/reentry", "/holdLimit", "/attributes/size/required");
	}

	@Test
	void aRevisionKeepsEveryStageItsTypeAndItsReporter() {
		String json = new String(Programmes.write(PILOT), StandardCharsets.UTF_8)
			.replace("\"revision\":1", "\"revision\":2")
			.replace("\"reportedBy\":\"NAMING_PROVIDER\",\"namesProvider\":true",
					"\"reportedBy\":\"OFFICE\",\"namesProvider\":true");
		Programme next = Programmes.read(json.getBytes(StandardCharsets.UTF_8));

		assertThat(ProgrammeRevision.differences(PILOT, next)).singleElement()
			.satisfies((difference) -> assertThat(difference.pointer()).isEqualTo("/stages/1/reportedBy"))
			.satisfies((difference) -> assertThat(difference.detail()).contains("was NAMING_PROVIDER, is OFFICE"));
		Programme shorter = new Programme("pilot", 2, PILOT.name(), PILOT.stages().subList(0, 2), PILOT.exits(),
				PILOT.renewal(), PILOT.reentry(), PILOT.holdLimit(), PILOT.attributes());
		assertThat(ProgrammeRevision.differences(PILOT, shorter)).extracting(ProgrammeRevision.Difference::pointer)
			.containsExactly("/stages");
	}

	@Test
	void aRevisionTravelsWithWhoMadeItWhenAndWhy() {
		Instant at = Instant.parse("2026-12-03T09:30:00.123Z");
		ProgrammeRevision revision = new ProgrammeRevision(Programmes.gradient(), at, "programme-office",
				"梯度培育: 2462 / 2080 / 183");

		WireRecord record = ProgrammeRevisionCodec.encode(revision);

		assertThat(record.key()).isEqualTo("gradient");
		assertThat(record.timestamp()).isEqualTo(at);
		assertThat(ProgrammeRevisionCodec.decode(record)).isEqualTo(revision);
	}

	@Test
	void aRecordThatIsNotARevisionIsRefusedAsUnreadable() {
		WireRecord record = ProgrammeRevisionCodec.encode(new ProgrammeRevision(Programmes.gradient(),
				Instant.parse("2026-12-03T09:30:00Z"), "programme-office", "why"));
		Map<String, String> headers = new HashMap<>(record.headers());
		headers.put(ProgrammeRevisionCodec.REASON, "a NUL \u0000 here");

		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> ProgrammeRevisionCodec
				.decode(new WireRecord(record.key(), headers, record.value(), record.timestamp())))
			.withMessageContaining("NUL");
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> ProgrammeRevisionCodec
				.decode(new WireRecord("pilot", record.headers(), record.value(), record.timestamp())))
			.withMessageContaining("is not the programme's id gradient");
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> ProgrammeRevisionCodec.decode(new WireRecord(record.key(), record.headers(),
					"{\"id\":\"gradient\"}".getBytes(StandardCharsets.UTF_8), record.timestamp())));
	}

	@Test
	void aNameIsPrintableText() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new Programme.Names("区\u0000", "district"))
			.withMessageContaining("printable");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new Programme.Names(" ", "x"));
		assertThat(List.of(new Programme.Names("小巨人", "\"little giant\""))).hasSize(1);
	}

}

package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pins the wire format of {@code pilot.milestones}: CloudEvents Kafka binding, binary
 * mode.
 */
class MilestoneCodecTests {

	static final Milestone CONTRACTED = new Milestone("m-42", "/providers/ceprei",
			new MilestoneType("pilot.contracted"), new Uscc("91350203MA2YQ8LX3K"),
			Instant.parse("2024-05-06T01:30:00Z"), Instant.parse("2024-05-06T01:31:00Z"),
			new MilestoneData(null, null, "ceprei", null));

	@Test
	void writesTheGoldenRecord() {
		WireRecord record = MilestoneCodec.encode(CONTRACTED);

		assertThat(record.key()).isEqualTo("91350203MA2YQ8LX3K");
		assertThat(record.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("ce_specversion", "1.0", "ce_id", "m-42",
				"ce_source", "/providers/ceprei", "ce_type", "pilot.contracted", "ce_subject", "91350203MA2YQ8LX3K",
				"ce_time", "2024-05-06T01:30:00Z", "content-type", "application/json"));
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"provider\":\"ceprei\"}");
	}

	@Test
	void readsWhatItWrites() {
		assertThat(MilestoneCodec.decode(MilestoneCodec.encode(CONTRACTED))).isEqualTo(CONTRACTED);
	}

	@Test
	void readsChineseDataAndIgnoresUnknownFields() {
		WireRecord record = new WireRecord("91350203MA2YQ8LX3K", headers("pilot.solicited"),
				"{\"district\":\"思明区\",\"industry\":\"电子信息\",\"employees\":120}".getBytes(StandardCharsets.UTF_8));

		Milestone milestone = MilestoneCodec.decode(record);

		assertThat(milestone.type()).isEqualTo(new MilestoneType("pilot.solicited"));
		assertThat(milestone.data()).isEqualTo(new MilestoneData("思明区", "电子信息", null, null));
	}

	@Test
	void refusesARecordWithoutItsCloudEventsHeaders() {
		Map<String, String> headers = headers("pilot.solicited");
		headers.remove("ce_id");

		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> MilestoneCodec.decode(new WireRecord("k", headers, new byte[0])))
			.withMessageContaining("ce_id");
	}

	@Test
	void refusesAMalformedTypeAndAValueThatIsNotJson() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> MilestoneCodec.decode(new WireRecord("k", headers("Pilot Accepted"), new byte[0])))
			.withMessageContaining("bad ce_type");
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> MilestoneCodec
				.decode(new WireRecord("k", headers("pilot.solicited"), "not json".getBytes(StandardCharsets.UTF_8))))
			.withMessageContaining("not a JSON");
	}

	@Test
	void readsTheUsualFormOfAnInstantAsInstantParseDoes() {
		Random random = new Random(17);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			Instant at = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L), switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1_000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			});
			texts.add(at.toString());
		}
		for (String text : texts) {
			assertThat(MilestoneCodec.usualInstant(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
		}
		// any other form is left to Instant.parse, which reads or refuses it as before
		List<String> others = List.of("2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
				"2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z",
				"2024-12-31T23:59:60Z", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01T00:00:00.Z",
				"2024-01-01T00:00:00.1234567891Z", "2024-01-01T00:00:00+08:00", "2024-01-01T00:00Z",
				"+2024-01-01T00:00:00Z", "２０２４-01-01T00:00:00Z", "2024-1-01T00:00:00Z", "2024-01-01 00:00:00Z",
				"2024-01-01T00:00:00.12a4Z", "");
		for (String text : others) {
			assertThat(MilestoneCodec.usualInstant(text)).as(text).isNull();
		}
		assertThat(MilestoneCodec.usualInstant(null)).isNull();
		assertThat(MilestoneCodec.usualInstant("2024-02-29T23:59:59.5Z"))
			.isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z"));
		assertThat(MilestoneCodec.usualInstant("0000-01-01T00:00:00Z"))
			.isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
		assertThat(MilestoneCodec.instant("2024-01-01T08:00:00+08:00", "time"))
			.isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> MilestoneCodec.instant("2024-02-30T00:00:00Z", "time"))
			.withMessageContaining("not an RFC 3339 UTC instant");
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> MilestoneCodec.instant("0000-12-31T23:59:59Z", "time"))
			.withMessageContaining("outside the years 0001 to 9999");
	}

	static Map<String, String> headers(String type) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("ce_specversion", "1.0");
		headers.put("ce_id", "m-1");
		headers.put("ce_source", "/programme-office");
		headers.put("ce_type", type);
		headers.put("ce_subject", "91350203MA2YQ8LX3K");
		headers.put("ce_time", "2024-03-01T02:00:00Z");
		headers.put("content-type", "application/json");
		return headers;
	}

}

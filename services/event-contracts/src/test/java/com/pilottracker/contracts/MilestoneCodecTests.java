package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@code docs/asyncapi.yaml} against the contracts: it describes every topic and
 * only those, every message documents the CloudEvents headers, and every example record
 * is one the codecs read as the event it claims to be.
 */
class AsyncApiDocumentTests {

	static final ObjectMapper YAML = YAMLMapper.builder().build();

	final JsonNode document = YAML.readTree(Path.of("../../docs/asyncapi.yaml").toFile());

	@Test
	void isAnAsyncApi3DocumentOfEveryTopicAndOnlyThose() {
		Set<String> addresses = new TreeSet<>();
		this.document.get("channels").forEach((channel) -> addresses.add(channel.get("address").asString()));

		assertThat(this.document.get("asyncapi").asString()).isEqualTo("3.0.0");
		assertThat(addresses).containsExactlyInAnyOrder(Topics.MILESTONES,
				Topics.MILESTONES + Topics.DEAD_LETTER_SUFFIX, Topics.STAGE_CHANGES,
				Topics.STAGE_CHANGES + Topics.DEAD_LETTER_SUFFIX, Topics.MILESTONE_DECISIONS,
				Topics.MILESTONE_DECISIONS + Topics.DEAD_LETTER_SUFFIX, Topics.MILESTONE_REJECTIONS, Topics.PROGRAMMES,
				Topics.REGISTRIES);
	}

	@Test
	void documentsTheCloudEventsHeadersOfEveryEventMessage() {
		JsonNode required = this.document.at("/components/schemas/cloudEventHeaders/required");
		Set<String> headers = new TreeSet<>();
		required.forEach((header) -> headers.add(header.asString()));

		assertThat(headers).containsExactlyInAnyOrder(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
				CloudEventHeaders.SOURCE, CloudEventHeaders.TYPE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME,
				CloudEventHeaders.CONTENT_TYPE);
		for (String message : Set.of("milestone", "stageChanged", "milestoneDecided", "milestoneRejected",
				"programmeRevised", "registryRevised")) {
			assertThat(this.document.at("/components/messages/" + message + "/headers/$ref").asString()).as(message)
				.isEqualTo("#/components/schemas/cloudEventHeaders");
		}
	}

	@Test
	void showsExamplesThatTheCodecsRead() {
		Milestone milestone = MilestoneCodec.decode(example("milestone"));
		StageChanged change = StageChangedCodec.decode(example("stageChanged"));
		MilestoneDecided decision = MilestoneDecidedCodec.decode(example("milestoneDecided"));

		assertThat(milestone).isEqualTo(MilestoneCodecTests.CONTRACTED);
		assertThat(change).isEqualTo(StageChangedCodecTests.CHANGE);
		assertThat(decision).isEqualTo(MilestoneDecidedCodecTests.REJECTED);
		ProgrammeRevision revision = ProgrammeRevisionCodec.decode(example("programmeRevised"));
		assertThat(revision.programme()).isEqualTo("diagnosis");
		assertThat(revision.recordedBy()).isEqualTo("programme-office");
		assertThat(revision.definition().stages()).hasSize(1);
		RegistryRevision registryRevision = RegistryRevisionCodec.decode(example("registryRevised"));
		assertThat(registryRevision.entry()).isInstanceOf(RegistryEntry.ServiceOrganisation.class);
		assertThat(registryRevision.revision()).isEqualTo(2);
	}

	private WireRecord example(String message) {
		JsonNode example = this.document.at("/components/messages/" + message + "/examples/0");
		Map<String, String> headers = new LinkedHashMap<>();
		example.get("headers")
			.properties()
			.forEach((entry) -> headers.put(entry.getKey(), entry.getValue().asString()));
		byte[] value = example.get("payload").toString().getBytes(StandardCharsets.UTF_8);
		JsonNode timestamp = example.get("x-timestamp");
		return new WireRecord(headers.get(CloudEventHeaders.SUBJECT), headers, value,
				(timestamp != null) ? java.time.Instant.parse(timestamp.asString()) : null);
	}

}

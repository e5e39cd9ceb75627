package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RegistriesTests {

	private static final String CEPREI = """
			{"id": "ceprei", "name": {"zh": "工业和信息化部电子第五研究所", "en": "CEPREI"},
			 "domains": ["DIGITALISATION", "MANAGEMENT_CONSULTING"], "vetting": "VETTED"}""";

	private static final String LEADER = """
			{"id": "91350200612003921D", "name": {"zh": "友达光电（厦门）有限公司", "en": "AUO (Xiamen)"}, "active": true,
			 "solutions": [{"id": "aoi-lite", "name": {"zh": "轻量化AOI检测", "en": "light AOI inspection"},
			                "publishedOn": "2024-05-10"}]}""";

	@Test
	void eachKindOfEntryIsReadAndWrittenAsTheSameJson() {
		for (String[] each : List.of(new String[] { "service-organisations", CEPREI },
				new String[] { "chain-leaders", LEADER }, new String[] { "commissioners",
						"{\"id\": \"dc-0001\", \"team\": \"思明区一队\", \"activeFrom\": \"2023-03-01\", \"activeUntil\": \"2024-12-31\"}" })) {
			RegistryEntry.Kind kind = RegistryEntry.Kind.of(each[0]).orElseThrow();
			RegistryEntry entry = read(kind, each[1]);
			assertThat(entry.kind()).isEqualTo(kind);
			assertThat(Registries.read(kind, Registries.write(entry))).isEqualTo(entry);
		}
	}

	@Test
	void aRefusalNamesTheEntryAndSaysWhyItMayNotBeNamed() {
		RegistryEntry.Commissioner commissioner = (RegistryEntry.Commissioner) read(RegistryEntry.Kind.COMMISSIONER,
				"{\"id\": \"dc-0001\", \"team\": \"思明区一队\", \"activeFrom\": \"2023-03-01\", \"activeUntil\": \"2024-12-31\"}");
		RegistryEntry suspended = read(RegistryEntry.Kind.SERVICE_ORGANISATION,
				CEPREI.replace("VETTED", "SUSPENDED").replace("ceprei", "lujiang"));
		Registries registries = Registries.of(List.of(revision(commissioner, 1),
				revision(read(RegistryEntry.Kind.SERVICE_ORGANISATION, CEPREI), 1), revision(suspended, 1)));

		assertThat(registries.refusal(RegistryEntry.Kind.COMMISSIONER, "dc-0001", LocalDate.parse("2024-12-31")))
			.isEmpty();
		assertThat(registries.refusal(RegistryEntry.Kind.COMMISSIONER, "dc-0001", LocalDate.parse("2025-01-02")))
			.contains("digital commissioner 'dc-0001' serves from 2023-03-01 to 2024-12-31, not on 2025-01-02");
		assertThat(registries.refusal(RegistryEntry.Kind.COMMISSIONER, "dc-0001", LocalDate.parse("2023-02-28")))
			.isPresent();
		assertThat(registries.refusal(RegistryEntry.Kind.SERVICE_ORGANISATION, "ceprei", LocalDate.now())).isEmpty();
		assertThat(registries.refusal(RegistryEntry.Kind.SERVICE_ORGANISATION, "lujiang", LocalDate.now()))
			.contains("service organisation 'lujiang' is SUSPENDED, not VETTED");
		assertThat(registries.refusal(RegistryEntry.Kind.SERVICE_ORGANISATION, "cepre1", LocalDate.now()).orElseThrow())
			.startsWith("'cepre1' is not a registered service organisation");
		assertThat(registries.refusal(RegistryEntry.Kind.CHAIN_LEADER, "ceprei", LocalDate.now())).isPresent();
	}

	@Test
	void theLatestRevisionOfAnEntryIsTheEntryWhateverTheOrderTheyCameIn() {
		RegistryEntry vetted = read(RegistryEntry.Kind.SERVICE_ORGANISATION, CEPREI);
		RegistryEntry struckOff = read(RegistryEntry.Kind.SERVICE_ORGANISATION, CEPREI.replace("VETTED", "STRUCK_OFF"));
		Registries registries = Registries.of(List.of(revision(struckOff, 2), revision(vetted, 1)));
		assertThat(registries.entry(RegistryEntry.Kind.SERVICE_ORGANISATION, "ceprei")).contains(struckOff);
		assertThat(registries.all(RegistryEntry.Kind.SERVICE_ORGANISATION)).hasSize(1);
		assertThat(registries.all(RegistryEntry.Kind.COMMISSIONER)).isEmpty();
	}

	@Test
	void aChainLeadersPublishedSolutionStaysWithItsDay() {
		RegistryEntry.ChainLeader leader = (RegistryEntry.ChainLeader) read(RegistryEntry.Kind.CHAIN_LEADER, LEADER);
		assertThat(leader.differences((RegistryEntry.ChainLeader) read(RegistryEntry.Kind.CHAIN_LEADER,
				LEADER.replace("轻量化AOI检测", "AOI检测（轻量版）"))))
			.isEmpty();
		assertThat(leader.differences((RegistryEntry.ChainLeader) read(RegistryEntry.Kind.CHAIN_LEADER,
				LEADER.replace("2024-05-10", "2024-05-11"))))
			.containsExactly("solution aoi-lite was published on 2024-05-10; that day stays");
		assertThat(leader.differences(new RegistryEntry.ChainLeader(leader.id(), leader.name(), false, List.of())))
			.containsExactly("solution aoi-lite was published; it stays in the registry");
	}

	@Test
	void anEntryThatIsNotOneIsRefusedSayingWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> read(RegistryEntry.Kind.SERVICE_ORGANISATION, CEPREI.replace("MANAGEMENT_CONSULTING", "BAKING")))
			.withMessageContaining("BAKING")
			.withMessageContaining("LEGAL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(RegistryEntry.Kind.SERVICE_ORGANISATION,
					CEPREI.replace("\"MANAGEMENT_CONSULTING\"", "\"DIGITALISATION\"")))
			.withMessageContaining("each once");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(RegistryEntry.Kind.SERVICE_ORGANISATION, CEPREI.replace("\"ceprei\"", "\"CEPREI\"")))
			.withMessageContaining("lower-case");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> read(RegistryEntry.Kind.SERVICE_ORGANISATION, CEPREI.replace("\"vetting\"", "\"vetted\"")))
			.withMessageContaining("vetted");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(RegistryEntry.Kind.COMMISSIONER,
					"{\"id\": \"dc-1\", \"team\": \"a\\u0000b\", \"activeFrom\": \"2023-03-01\"}"))
			.withMessageContaining("printable");
		assertThatIllegalArgumentException().isThrownBy(() -> read(RegistryEntry.Kind.COMMISSIONER,
				"{\"id\": \"dc-1\", \"team\": \"a\", \"activeFrom\": \"2023-03-01\", \"activeUntil\": \"2023-02-01\"}"))
			.withMessageContaining("before activeFrom");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(RegistryEntry.Kind.COMMISSIONER,
					"{\"id\": \"dc-1\", \"team\": \"a\", \"activeFrom\": \"March\"}"))
			.withMessageContaining("activeFrom is a day like 2025-07-18");
		assertThatIllegalArgumentException().isThrownBy(
				() -> read(RegistryEntry.Kind.CHAIN_LEADER, LEADER.replace("91350200612003921D", "913502006120039")))
			.withMessageContaining("USCC");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(RegistryEntry.Kind.CHAIN_LEADER, LEADER.replace("\"active\": true,", "")))
			.withMessageContaining("active");
	}

	@Test
	void aRevisionTravelsAsARecordOfItsRegistryAndId() {
		RegistryRevision revision = new RegistryRevision(read(RegistryEntry.Kind.CHAIN_LEADER, LEADER), 3,
				Instant.parse("2025-07-18T02:00:00Z"), "office-1", "a solution published");
		WireRecord wire = RegistryRevisionCodec.encode(revision);
		assertThat(wire.key()).isEqualTo("chain-leaders/91350200612003921D");
		assertThat(RegistryRevisionCodec.decode(wire)).isEqualTo(revision);
		WireRecord elsewhere = new WireRecord("chain-leaders/91350200612003922B", wire.headers(), wire.value(),
				wire.timestamp());
		org.assertj.core.api.Assertions.assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> RegistryRevisionCodec.decode(elsewhere))
			.withMessageContaining("not the entry's id");
	}

	private static RegistryEntry read(RegistryEntry.Kind kind, String json) {
		return Registries.read(kind, json.getBytes(StandardCharsets.UTF_8));
	}

	private static RegistryRevision revision(RegistryEntry entry, int number) {
		return new RegistryRevision(entry, number, Instant.EPOCH, "office", "test");
	}

}

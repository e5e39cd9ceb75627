package com.pilottracker.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReportTemplateTests {

	@Test
	void readsTheTextTheDateAndEachFigureWithItsFilters() {
		assertThat(ReportTemplate
			.parse("截至{asOf}，培育{reached:INNOVATIVE}家，其中{reached:INNOVATIVE:highTech=true}家，" + "在{current:LAPSED}"))
			.containsExactly(new ReportTemplate.Segment.Text("截至"), new ReportTemplate.Segment.AsOf(),
					new ReportTemplate.Segment.Text("，培育"),
					new ReportTemplate.Segment.Figure(
							ReportTemplate.Segment.Count.REACHED, new Stage("INNOVATIVE"), Map.of()),
					new ReportTemplate.Segment.Text("家，其中"),
					new ReportTemplate.Segment.Figure(ReportTemplate.Segment.Count.REACHED, new Stage("INNOVATIVE"),
							Map.of("highTech", "true")),
					new ReportTemplate.Segment.Text("家，在"), new ReportTemplate.Segment.Figure(
							ReportTemplate.Segment.Count.CURRENT, new Stage("LAPSED"), Map.of()));
	}

	@Test
	void readsAnActorsFigureNamingTheAttributeWhoseDistinctValuesItCounts() {
		assertThat(ReportTemplate.parse("组建{actors:DIAGNOSED:commissioner}人")).containsExactly(
				new ReportTemplate.Segment.Text("组建"),
				new ReportTemplate.Segment.Figure(ReportTemplate.Segment.Count.ACTORS, new Stage("DIAGNOSED"), Map.of(),
						java.util.Optional.of("commissioner")),
				new ReportTemplate.Segment.Text("人"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ReportTemplate.parse("{actors:DIAGNOSED}"))
			.withMessageContaining("{actors:STAGE:attribute}");
		String pilot = new String(Programmes.write(Programmes.pilot()), StandardCharsets.UTF_8);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Programmes.read(pilot.replace("{reached:SOLICITED}", "{actors:SOLICITED:commissioner}")
				.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("counts the actors of commissioner, not an attribute of it");
	}

	@Test
	void refusesAPlaceholderItCannotRead() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ReportTemplate.parse("{reached:innovative}"))
			.withMessageContaining("is not {asOf}");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ReportTemplate.parse("{asOf} and {"))
			.withMessageContaining("unmatched brace");
	}

	@Test
	void aDefinitionsReportCountsOnlyItsOwnStagesAndAttributes() {
		String pilot = new String(Programmes.write(Programmes.pilot()), StandardCharsets.UTF_8);

		assertThat(Programmes.pilot().report().orElseThrow().section()).isEqualTo("二(二)3");
		assertThat(Programmes.read(pilot.getBytes(StandardCharsets.UTF_8))).isEqualTo(Programmes.pilot());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Programmes
				.read(pilot.replace("{reached:SOLICITED}", "{reached:INNOVATIVE}").getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("counts INNOVATIVE, not a stage of it");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Programmes.read(pilot.replace("{reached:SOLICITED}", "{reached:SOLICITED:highTech=true}")
				.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("filters on [highTech], not all declared");
	}

	@Test
	void aRevisionMayRewordTheReport() {
		String pilot = new String(Programmes.write(Programmes.pilot()), StandardCharsets.UTF_8);
		Programme reworded = Programmes.read(pilot.replace("\"revision\":1", "\"revision\":2")
			.replace("家中小企业参与试点征集", "家企业参与试点征集")
			.getBytes(StandardCharsets.UTF_8));

		assertThat(ProgrammeRevision.differences(Programmes.pilot(), reworded)).isEmpty();
	}

}

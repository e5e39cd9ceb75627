package com.pilottracker.projection.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.analytics.AnalyticsView;
import com.pilottracker.projection.analytics.FunnelAnalytics;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LetterTests {

	/**
	 * The letter's diagnosis action: who diagnosed is an attribute naming a commissioner.
	 */
	static final Programme DIAGNOSIS = Programmes
		.read("""
				{
				  "id": "digital-diagnosis", "revision": 1,
				  "name": { "zh": "千员万企数字化诊断行动", "en": "digital diagnosis action" },
				  "stages": [
				    { "stage": "DIAGNOSED", "name": { "zh": "完成免费诊断", "en": "diagnosed" },
				      "milestone": "digital-diagnosis.diagnosed", "reportedBy": "OFFICE" },
				    { "stage": "RETROFITTING", "name": { "zh": "启动改造", "en": "retrofit started" },
				      "milestone": "digital-diagnosis.retrofit-started", "needsPredecessor": true, "reportedBy": "OFFICE" }
				  ],
				  "exits": [], "reentry": false, "holdLimit": "P30D",
				  "attributes": [
				    { "name": "district", "label": { "zh": "区", "en": "district" }, "kind": "DISTRICT", "required": true },
				    { "name": "industry", "label": { "zh": "行业", "en": "industry" }, "kind": "INDUSTRY", "required": true },
				    { "name": "commissioner", "label": { "zh": "数字专员", "en": "digital commissioner" },
				      "kind": "COMMISSIONER", "required": true }
				  ],
				  "report": { "section": "二(二)3", "templates": {
				    "zh": "截至{asOf}，组建{actors:DIAGNOSED:commissioner}人数字专员队伍，对{reached:DIAGNOSED}家规上企业免费开展数字化诊断工作。",
				    "en": "As of {asOf}, {actors:DIAGNOSED:commissioner} digital commissioners had diagnosed {reached:DIAGNOSED} above-scale enterprises, and {actors:RETROFITTING:commissioner} of them had seen one start a retrofit." } }
				}"""
			.getBytes(StandardCharsets.UTF_8));

	@Test
	void countsTheCommissionersWhoDiagnosedOnceEachAsOfTheDate() {
		List<EnterpriseProgress> diagnosed = List.of(retrofitting(diagnosed("A", "dc-001", "2024-03-04"), "2024-09-02"),
				diagnosed("B", "dc-001", "2024-05-06"), diagnosed("C", "dc-002", "2024-06-03"),
				diagnosed("D", "dc-003", "2025-02-10"));

		Letter early = letter(diagnosed, LocalDate.parse("2024-12-31"), "zh");
		Letter late = letter(diagnosed, LocalDate.parse("2025-07-18"), "en");

		assertThat(early.text()).isEqualTo("截至2024年12月31日，组建2人数字专员队伍，对3家规上企业免费开展数字化诊断工作。\n");
		assertThat(late.text()).isEqualTo(
				"As of 18 July 2025, 3 digital commissioners had diagnosed 4 above-scale enterprises, and 1 of them had "
						+ "seen one start a retrofit.\n");
		Letter.Figure actors = early.paragraphs().get(0).figures().get(0);
		assertThat(actors.placeholder()).isEqualTo("{actors:DIAGNOSED:commissioner}");
		assertThat(actors.count()).isEqualTo("actors");
		assertThat(actors.value()).isEqualTo(2);
		assertThat(actors.query()).isEqualTo("GET /api/v1/analytics?programme=digital-diagnosis&asOf=2024-12-31 → "
				+ "the number of breakdowns.commissioner[*] with funnel.stages[stage=DIAGNOSED].reached > 0");
	}

	private static Letter letter(List<EnterpriseProgress> enterprises, LocalDate asOf, String lang) {
		Instant cutoff = asOf.plusDays(1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
		FunnelAnalytics.Figures figures = FunnelAnalytics.compute(DIAGNOSIS, enterprises, cutoff, cutoff);
		AnalyticsView view = new AnalyticsView(DIAGNOSIS.id(), asOf, null, cutoff, null, null, false, figures.funnel(),
				figures.timeInStage(), figures.breakdowns(), Map.of(), figures.stalled(), Map.of());
		Map<Programme, AnalyticsView> views = new LinkedHashMap<>();
		views.put(DIAGNOSIS, view);
		return Letter.of(asOf, null, lang, asOf, views);
	}

	private static EnterpriseProgress retrofitting(EnterpriseProgress diagnosed, String day) {
		Stage stage = new Stage("RETROFITTING");
		Instant at = LocalDate.parse(day).atTime(10, 0).toInstant(java.time.ZoneOffset.ofHours(8));
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>(diagnosed.reachedAt());
		reachedAt.put(stage, at);
		return new EnterpriseProgress(diagnosed.programme(), diagnosed.enterprise(), 2, stage, at, diagnosed.district(),
				diagnosed.industry(), null, diagnosed.attributes(), reachedAt);
	}

	private static EnterpriseProgress diagnosed(String letter, String commissioner, String day) {
		Stage stage = new Stage("DIAGNOSED");
		Instant at = LocalDate.parse(day).atTime(10, 0).toInstant(java.time.ZoneOffset.ofHours(8));
		String first17 = "91350203MA" + "0000" + letter + "00";
		return new EnterpriseProgress(DIAGNOSIS.id(), new Uscc(first17 + Uscc.checkCharacterFor(first17)), 1, stage, at,
				"思明区", "电子信息", null, Map.of("commissioner", commissioner), Map.of(stage, at));
	}

}

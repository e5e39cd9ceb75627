package com.pilottracker.projection.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.pilottracker.contracts.Programmes;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import org.junit.jupiter.api.Test;

import static com.pilottracker.projection.analytics.FunnelAnalyticsTests.day;
import static com.pilottracker.projection.analytics.FunnelAnalyticsTests.state;
import static org.assertj.core.api.Assertions.assertThat;

class RestatementTests {

	static final Instant FROM = Instant.parse("2024-03-01T00:00:00Z");

	static final Instant TO = Instant.parse("2024-04-01T00:00:00Z");

	@Test
	void aLateReportOfAStepBeforeAsOfRestatesTheFigureAndSaysWhy() {
		LocalDate asOf = LocalDate.of(2024, 2, 29);
		List<EnterpriseProgress> before = List.of(state("A", 0, null, null, null), state("B", 0, 10, null, null));
		List<EnterpriseProgress> after = List.of(state("A", 0, 20, null, null), state("B", 0, 10, null, null));
		AnalyticsStore.RecordedChange late = new AnalyticsStore.RecordedChange(FunnelAnalyticsTests.uscc("A"), 2,
				Instant.parse("2024-03-10T00:00:00Z"), day(20), "SOLICITED", "CONTRACTED", "/providers/ceprei", "c-1");

		Restatement restatement = Restatement.of(Programmes.pilot(), asOf, Analytics.cutoff(asOf), FROM, TO, before,
				after, List.of(late));

		assertThat(restatement.before().reached("CONTRACTED")).isEqualTo(1);
		assertThat(restatement.after().reached("CONTRACTED")).isEqualTo(2);
		assertThat(restatement.changes()).singleElement().satisfies((change) -> {
			assertThat(change.uscc()).isEqualTo(FunnelAnalyticsTests.uscc("A"));
			assertThat(change.reason()).isEqualTo(Restatement.LATE_REPORT);
			assertThat(change.before()).containsExactly("SOLICITED");
			assertThat(change.after()).containsExactly("SOLICITED", "CONTRACTED");
			assertThat(change.milestones()).extracting(Restatement.Milestone::id).containsExactly("c-1");
		});
	}

	@Test
	void aStepAfterAsOfRestatesNothing() {
		LocalDate asOf = LocalDate.of(2024, 1, 5);
		List<EnterpriseProgress> before = List.of(state("A", 0, null, null, null));
		List<EnterpriseProgress> after = List.of(state("A", 0, 20, null, null));

		assertThat(Restatement.of(Programmes.pilot(), asOf, Analytics.cutoff(asOf), FROM, TO, before, after, List.of())
			.changes()).isEmpty();
	}

	@Test
	void aStepThatNoLongerCountsIsACorrection() {
		List<EnterpriseProgress> before = List.of(state("A", 0, 10, null, null));
		List<EnterpriseProgress> after = List.of(state("A", 0, 30, null, null));

		assertThat(Restatement
			.of(Programmes.pilot(), LocalDate.of(2024, 1, 20), Analytics.cutoff(LocalDate.of(2024, 1, 20)), FROM, TO,
					before, after, List.of())
			.changes()).singleElement()
			.satisfies((change) -> assertThat(change.reason()).isEqualTo(Restatement.CORRECTION));
	}

}

package com.pilottracker.projection;

import com.pilottracker.testsupport.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.pilottracker.projection", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule keepsTheFunnelModelPlainJava = ArchitectureRules
		.domainIsPlainJava("com.pilottracker.projection.funnel");

	@ArchTest
	static final ArchRule keepsTheFiguresPlainJava = ArchitectureRules.classesArePlainJava(
			"com.pilottracker.projection.analytics.FunnelAnalytics",
			"com.pilottracker.projection.analytics.Definitions", "com.pilottracker.projection.analytics.Restatement",
			"com.pilottracker.projection.analytics.AnalyticsView",
			"com.pilottracker.projection.analytics.AnalyticsExport",
			"com.pilottracker.projection.analytics.XlsxWriter");

	@ArchTest
	static final ArchRule hasNoPackageCycles = ArchitectureRules.noPackageCycles("com.pilottracker.projection");

	@ArchTest
	static final ArchRule usesNoOtherService = ArchitectureRules.dependsOnNoOtherService("com.pilottracker.projection");

}

package com.pilottracker.gateway;

import com.pilottracker.testsupport.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "com.pilottracker.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule hasNoPackageCycles = ArchitectureRules.noPackageCycles("com.pilottracker.gateway");

	@ArchTest
	static final ArchRule usesNoOtherService = ArchitectureRules.dependsOnNoOtherService("com.pilottracker.gateway");

	@ArchTest
	static final ArchRule validatesWithoutFramework = noClasses().that()
		.haveSimpleNameStartingWith("MilestoneRequestValidator")
		.or()
		.haveSimpleName("ValidationRules")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "reactor..", "io.r2dbc..", "org.apache.kafka..")
		.because("checking a milestone is pure: the clock and the reference data come in as values");

}

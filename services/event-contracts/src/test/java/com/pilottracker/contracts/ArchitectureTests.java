package com.pilottracker.contracts;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

@AnalyzeClasses(packages = "com.pilottracker.contracts", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule dependOnNothingButTheJdkAndJackson = classes().should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "com.pilottracker.contracts..", "tools.jackson..",
				"com.fasterxml.jackson.annotation..")
		.because("every service and test shares the contracts, so they bring no framework along");

	@ArchTest
	static final ArchRule eventsAreRecords = classes().that().implement(PilotEvent.class).should().beRecords();

}

package com.pilottracker.lifecycle;

import com.pilottracker.testsupport.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.pilottracker.lifecycle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule keepsTheLifecycleModelPlainJava = ArchitectureRules
		.domainIsPlainJava("com.pilottracker.lifecycle.programme..");

	@ArchTest
	static final ArchRule keepsDecidingABatchPlainJava = ArchitectureRules
		.domainIsPlainJava("com.pilottracker.lifecycle.deciding..");

	@ArchTest
	static final ArchRule hasNoPackageCycles = ArchitectureRules.noPackageCycles("com.pilottracker.lifecycle");

	@ArchTest
	static final ArchRule usesNoOtherService = ArchitectureRules.dependsOnNoOtherService("com.pilottracker.lifecycle");

}

package com.pilottracker.testsupport;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The architecture rules every service states in its own ArchUnit test. */
public final class ArchitectureRules {

	private ArchitectureRules() {
	}

	/**
	 * The domain model (exactly {@code domainPackage}, not its sub-packages) is plain
	 * Java: no Spring, no R2DBC, no Kafka client, no Reactor.
	 */
	public static ArchRule domainIsPlainJava(String domainPackage) {
		return noClasses().that()
			.resideInAPackage(domainPackage)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.apache.kafka..", "reactor..",
					"io.micrometer..")
			.because("the domain model is pure: it decides, the adapters around it do the I/O");
	}

	/**
	 * The named classes are plain Java like a domain model, though they share a package
	 * with adapters (a feature package holding both its pure figures and their I/O).
	 */
	public static ArchRule classesArePlainJava(String... fullyQualifiedNames) {
		return noClasses().that()
			.haveNameMatching(String.join("|",
					java.util.Arrays.stream(fullyQualifiedNames)
						.map((name) -> java.util.regex.Pattern.quote(name) + "(\\$.*)?")
						.toList()))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.apache.kafka..", "reactor..",
					"io.micrometer..")
			.because("the figures are pure: they count, the adapters around them do the I/O");
	}

	/** No cycles between the packages under {@code rootPackage}. */
	public static ArchRule noPackageCycles(String rootPackage) {
		return slices().matching(rootPackage + ".(**)").should().beFreeOfCycles();
	}

	/** The service uses no other service's classes; services share only the contracts. */
	public static ArchRule dependsOnNoOtherService(String ownPackage) {
		String[] others = java.util.stream.Stream
			.of("com.pilottracker.gateway..", "com.pilottracker.lifecycle..", "com.pilottracker.projection..",
					"com.pilottracker.runner..")
			.filter((other) -> !other.startsWith(ownPackage))
			.toArray(String[]::new);
		return noClasses().that()
			.resideInAPackage(ownPackage + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(others)
			.because("services talk through Kafka topics and HTTP, never through each other's classes");
	}

}

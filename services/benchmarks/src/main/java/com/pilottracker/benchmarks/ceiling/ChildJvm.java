package com.pilottracker.benchmarks.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of this benchmark's classpath in a JVM of its own. */
final class ChildJvm {

	private ChildJvm() {
	}

	static Process start(String options, String mainClass, List<String> arguments, Path output) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		for (String option : options.trim().split("\\s+")) {
			if (!option.isEmpty()) {
				command.add(option);
			}
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(arguments);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + mainClass, ex);
		}
	}

}

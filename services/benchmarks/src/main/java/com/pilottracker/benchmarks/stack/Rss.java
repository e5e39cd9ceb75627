package com.pilottracker.benchmarks.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from {@code /proc/<pid>/status} (Linux). */
public final class Rss {

	private Rss() {
	}

	/** Resident set size now, in MiB; -1 where it cannot be read. */
	public static double mib(long pid) {
		return field(pid, "VmRSS:");
	}

	/** The peak resident set size since the process started, in MiB. */
	public static double peakMib(long pid) {
		return field(pid, "VmHWM:");
	}

	private static double field(long pid, String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(name)) {
					String[] parts = line.substring(name.length()).trim().split("\\s+");
					return Long.parseLong(parts[0]) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or the process is gone
		}
		return -1;
	}

}

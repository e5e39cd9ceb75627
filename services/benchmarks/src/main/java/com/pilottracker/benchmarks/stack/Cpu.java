package com.pilottracker.benchmarks.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a phase: the CPU time of each named process, of
 * every PostgreSQL process, and the machine's idle time, from {@code /proc} (Linux). A
 * phase whose figure is bounded by one process shows it here: that process is near one
 * core per thread it can use, or the machine has no idle left.
 */
public final class Cpu {

	private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

	private final Map<String, Long> pids;

	private Cpu(Map<String, Long> pids) {
		this.pids = pids;
	}

	/** Watches the processes given by name, plus PostgreSQL's and the machine's idle. */
	public static Cpu of(Map<String, Long> pids) {
		return new Cpu(new LinkedHashMap<>(pids));
	}

	/** The CPU counters now. */
	public Snapshot snapshot() {
		Map<String, Long> ticks = new LinkedHashMap<>();
		this.pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
		ticks.put("postgres", postgresTicks());
		long[] machine = machineTicks();
		return new Snapshot(System.nanoTime(), ticks, machine[0], machine[1]);
	}

	private static long processTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name may hold spaces: the fields start after its closing ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime,
																			// stime
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static long postgresTicks() {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.mapToLong((path) -> {
					try {
						String comm = Files.readString(path.resolve("comm")).trim();
						return comm.equals("postgres") ? processTicks(Long.parseLong(path.getFileName().toString()))
								: 0;
					}
					catch (IOException | RuntimeException ex) {
						return 0;
					}
				})
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Total and idle ticks of all cores. */
	private static long[] machineTicks() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length; i++) {
				total += Long.parseLong(fields[i]);
			}
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle,
																				// iowait
			return new long[] { total, idle };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

	/**
	 * CPU counters at one moment.
	 *
	 * @param nanoTime when
	 * @param ticks CPU ticks by process name
	 * @param machineTotal all cores' ticks
	 * @param machineIdle all cores' idle ticks
	 */
	public record Snapshot(long nanoTime, Map<String, Long> ticks, long machineTotal, long machineIdle) {

		/** Cores used by each process between {@code earlier} and this snapshot. */
		public Map<String, Double> coresSince(Snapshot earlier) {
			double seconds = (this.nanoTime - earlier.nanoTime) / 1e9;
			Map<String, Double> cores = new LinkedHashMap<>();
			this.ticks.forEach((name, now) -> cores.put(name,
					(now - earlier.ticks.getOrDefault(name, now)) / TICKS_PER_SECOND / seconds));
			long total = this.machineTotal - earlier.machineTotal;
			double idleShare = (total > 0) ? (double) (this.machineIdle - earlier.machineIdle) / total : 0;
			cores.put("idle", idleShare * Runtime.getRuntime().availableProcessors());
			return cores;
		}

		/** As {@link #coresSince}, one line: {@code gateway 0.61, postgres 0.40, …}. */
		public String describeSince(Snapshot earlier) {
			StringJoiner line = new StringJoiner(", ");
			coresSince(earlier).forEach((name, cores) -> line.add(String.format(Locale.ROOT, "%s %.2f", name, cores)));
			return "cores used: " + line;
		}

	}

}

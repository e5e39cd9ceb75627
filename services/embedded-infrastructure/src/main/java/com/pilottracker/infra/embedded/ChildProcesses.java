package com.pilottracker.infra.embedded;

import java.util.concurrent.TimeUnit;

/** Ending child processes the way tests and the runner need to. */
public final class ChildProcesses {

	private ChildProcesses() {
	}

	/**
	 * Kills a process at once ({@code SIGKILL}, {@code kill -9}), as a crash would, and
	 * reaps it.
	 */
	public static void kill(Process process) {
		process.destroyForcibly();
		try {
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package com.pilottracker.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker in a child JVM on a fixed port, so it can be killed
 * ({@code kill -9}) and started again on the same address with the same log.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	private final Path logDirectory;

	private final int port;

	private final Path output;

	private Process process;

	private KafkaBrokerProcess(Path logDirectory, int port, Path output) {
		this.logDirectory = logDirectory;
		this.port = port;
		this.output = output;
	}

	/**
	 * Starts a broker process and waits until it accepts connections.
	 * @param logDirectory the broker's log directory
	 * @param port the port, kept across restarts (0 picks a free one)
	 * @param output where the process's output goes
	 */
	public static KafkaBrokerProcess start(Path logDirectory, int port, Path output) {
		KafkaBrokerProcess broker = new KafkaBrokerProcess(logDirectory, Ports.orFree(port), output);
		broker.startProcess();
		return broker;
	}

	private void startProcess() {
		try {
			Files.createDirectories(this.output.getParent());
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			ProcessBuilder builder = new ProcessBuilder(
					List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
							KafkaBrokerMain.class.getName(), this.logDirectory.toString(), String.valueOf(this.port)))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.output.toFile()));
			this.process = builder.start();
			awaitListening(Duration.ofSeconds(90));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the broker process", ex);
		}
	}

	private void awaitListening(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!Ports.inUse(this.port)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"the broker process exited with " + this.process.exitValue() + "; see " + this.output);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the broker did not listen within " + timeout + "; see " + this.output);
			}
			try {
				this.process.waitFor(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the broker", ex);
			}
		}
	}

	/** Kills the broker at once ({@code SIGKILL}), as a crash would. */
	public void kill() {
		ChildProcesses.kill(this.process);
	}

	/** Starts the broker again on the same port with the same log. */
	public void restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException("the broker is still running");
		}
		startProcess();
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Stops the broker cleanly ({@code SIGTERM}), then forcibly if it does not stop. */
	@Override
	public void close() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}

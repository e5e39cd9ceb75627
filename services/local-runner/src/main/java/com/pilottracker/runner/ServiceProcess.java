package com.pilottracker.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.pilottracker.infra.embedded.ChildProcesses;

/** One service running as its own OS process from its executable jar. */
public final class ServiceProcess implements AutoCloseable {

	/** The three services, their jars and their default ports. */
	public enum Service {

		GATEWAY("milestone-gateway", 8080), LIFECYCLE("pilot-lifecycle", 8081), PROJECTION("funnel-projection", 8082);

		public static final List<Service> ALL = List.of(values());

		private final String artifact;

		private final int defaultPort;

		Service(String artifact, int defaultPort) {
			this.artifact = artifact;
			this.defaultPort = defaultPort;
		}

		public String artifact() {
			return this.artifact;
		}

		public String jarName() {
			return this.artifact + ".jar";
		}

		public int defaultPort() {
			return this.defaultPort;
		}

	}

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Service service;

	private final ServicePorts ports;

	/**
	 * A service's JVM options unless {@code PILOT_SERVICE_JAVA_OPTS} says otherwise: a
	 * heap of 160 MiB (the live data is ~40 MiB under load) with a 48 MiB young
	 * generation, so that collections are rare and short, and the serial collector (two
	 * cores: no collector threads competing with the service). Measured in
	 * docs/performance.md: each service stays under 384 MiB resident.
	 */
	public static final String DEFAULT_JAVA_OPTIONS = "-Xms96m -Xmx160m -Xmn48m -XX:+UseSerialGC";

	private final Process process;

	private final Path log;

	private ServiceProcess(Service service, ServicePorts ports, Process process, Path log) {
		this.service = service;
		this.ports = ports;
		this.process = process;
		this.log = log;
	}

	/** The JVM options each service process gets. */
	public static String javaOptions() {
		return System.getenv().getOrDefault("PILOT_SERVICE_JAVA_OPTS", DEFAULT_JAVA_OPTIONS);
	}

	/**
	 * Starts the service's jar with the given environment (the infrastructure's
	 * addresses) on {@code ports}, its output appended to
	 * {@code logDirectory/<service>.log}.
	 */
	public static ServiceProcess start(Service service, Path jar, ServicePorts ports, Map<String, String> environment,
			Path logDirectory) {
		return start(service, service.artifact(), jar, ports, environment, logDirectory);
	}

	/**
	 * Starts one of several instances of a service; its log is
	 * {@code logDirectory/<instance>.log}.
	 */
	public static ServiceProcess start(Service service, String instance, Path jar, ServicePorts ports,
			Map<String, String> environment, Path logDirectory) {
		try {
			Files.createDirectories(logDirectory);
			Path log = logDirectory.resolve(instance + ".log");
			List<String> command = new ArrayList<>();
			command.add(javaExecutable());
			String options = javaOptions();
			for (String option : options.trim().split("\\s+")) {
				if (!option.isEmpty()) {
					// e.g. -XX:StartFlightRecording=filename=/tmp/{instance}.jfr: one
					// file each
					command.add(option.replace("{instance}", instance));
				}
			}
			command.add("-jar");
			command.add(jar.toString());
			command.add("--server.port=" + ports.server());
			command.add("--management.server.port=" + ports.management());
			// metrics and health details for this machine only, whatever the network
			command.add("--management.server.address=127.0.0.1");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			// glibc's malloc arenas (8 per core by default) hold freed native memory
			builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
			builder.environment().putAll(environment);
			return new ServiceProcess(service, ports, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + service.artifact(), ex);
		}
	}

	/** The java launcher of this JVM, so services run on the same JDK as the runner. */
	static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/**
	 * Waits until the service answers its readiness probe on its own port, or fails with
	 * the tail of its log.
	 */
	public void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.service.artifact() + " exited with " + this.process.exitValue()
						+ " during start-up; last lines of " + this.log + ":\n" + tail(40));
			}
			try {
				if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for " + this.service.artifact(), ex);
			}
			try {
				this.process.waitFor(250, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for " + this.service.artifact(), ex);
			}
		}
		throw new IllegalStateException(this.service.artifact() + " was not ready within " + timeout
				+ "; last lines of " + this.log + ":\n" + tail(40));
	}

	/** The service's own address: its API and the probes. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.ports.server();
	}

	/**
	 * The management address: {@code /actuator/prometheus}, {@code /actuator/health} with
	 * its components.
	 */
	public String managementUrl() {
		return "http://127.0.0.1:" + this.ports.management();
	}

	public Service service() {
		return this.service;
	}

	public Path log() {
		return this.log;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	/** Kills the service at once ({@code SIGKILL}, {@code kill -9}), as a crash would. */
	public void kill() {
		ChildProcesses.kill(this.process);
	}

	public int port() {
		return this.ports.server();
	}

	public ServicePorts ports() {
		return this.ports;
	}

	/**
	 * Asks the service to stop (SIGTERM, a graceful Spring shutdown), then forces it
	 * after a while.
	 */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		List<ProcessHandle> descendants = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

}

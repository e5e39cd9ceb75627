package com.pilottracker.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers. A machine with neither {@code DOCKER_HOST} nor a
 * Docker socket is answered at once, without asking Testcontainers; otherwise
 * Testcontainers pings the engine (a client alone, with no engine behind it, is not
 * enough).
 */
final class DockerProbe {

	private DockerProbe() {
	}

	static boolean dockerAvailable(Map<String, String> environment) {
		boolean hintsOfDocker = environment.containsKey("DOCKER_HOST") || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
		if (!hintsOfDocker) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}

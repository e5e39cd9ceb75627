package com.pilottracker.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The three services as separate processes, started together against one broker and one
 * database, stopped together (the gateway first, so no new input arrives while the
 * consumers finish their batches).
 */
public final class PilotSystem implements AutoCloseable {

	private final Map<ServiceProcess.Service, ServiceProcess> processes;

	private PilotSystem(Map<ServiceProcess.Service, ServiceProcess> processes) {
		this.processes = processes;
	}

	/**
	 * Starts every service and waits until each is ready.
	 * @param servicesDirectory where {@code milestone-gateway.jar} and the others are
	 * @param logDirectory where each service's log goes
	 * @param ports the ports of each service: its own and its management port
	 * @param infrastructure the broker's and database's addresses, as {@code PILOT_*}
	 * environment variables
	 */
	public static PilotSystem start(Path servicesDirectory, Path logDirectory,
			Map<ServiceProcess.Service, ServicePorts> ports, Map<String, String> infrastructure,
			Duration readyTimeout) {
		Map<ServiceProcess.Service, ServiceProcess> processes = new EnumMap<>(ServiceProcess.Service.class);
		PilotSystem system = new PilotSystem(processes);
		try {
			for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
				Path jar = servicesDirectory.resolve(service.jarName());
				if (!Files.isRegularFile(jar)) {
					throw new IllegalStateException(
							"no " + jar + "; build the services first: ./mvnw -DskipTests package");
				}
				processes.put(service,
						ServiceProcess.start(service, jar, ports.get(service), infrastructure, logDirectory));
			}
			List<CompletableFuture<Void>> ready = new ArrayList<>();
			for (ServiceProcess process : processes.values()) {
				ready.add(CompletableFuture.runAsync(() -> process.awaitReady(readyTimeout)));
			}
			CompletableFuture.allOf(ready.toArray(new CompletableFuture<?>[0])).join();
			return system;
		}
		catch (RuntimeException ex) {
			system.close();
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	public ServiceProcess process(ServiceProcess.Service service) {
		return this.processes.get(service);
	}

	public String url(ServiceProcess.Service service) {
		return this.processes.get(service).baseUrl();
	}

	/** Where the service's metrics and health with details are: its management port. */
	public String managementUrl(ServiceProcess.Service service) {
		return this.processes.get(service).managementUrl();
	}

	@Override
	public void close() {
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ServiceProcess process = this.processes.get(service);
			if (process != null) {
				process.close();
			}
		}
	}

}

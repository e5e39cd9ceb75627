package com.pilottracker.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The three services as separate processes, started together against one broker and one
 * database, stopped together (the gateway first, so no new input arrives while the
 * consumers finish their batches). Closing stops every process launched so far, ready or
 * not.
 */
public final class PilotSystem implements AutoCloseable {

	private final Map<ServiceProcess.Service, ServiceProcess> processes;

	private PilotSystem(Map<ServiceProcess.Service, ServiceProcess> processes) {
		this.processes = processes;
	}

	/**
	 * Starts every service and waits until each is ready; if one fails, stops those
	 * started.
	 * @param servicesDirectory where {@code milestone-gateway.jar} and the others are
	 * @param logDirectory where each service's log goes
	 * @param ports the ports of each service: its own and its management port
	 * @param infrastructure the broker's and database's addresses, as {@code PILOT_*}
	 * environment variables
	 */
	public static PilotSystem start(Path servicesDirectory, Path logDirectory,
			Map<ServiceProcess.Service, ServicePorts> ports, Map<String, String> infrastructure,
			Duration readyTimeout) {
		PilotSystem system = empty();
		try {
			system.launch(servicesDirectory, logDirectory, ports, infrastructure, readyTimeout, (process) -> {
			});
			return system;
		}
		catch (RuntimeException ex) {
			system.close();
			throw ex;
		}
	}

	/**
	 * A system with no service yet: {@link #launch} adds each the moment its process
	 * exists, so that {@link #close()}, at any moment, stops every process launched.
	 */
	public static PilotSystem empty() {
		return new PilotSystem(new EnumMap<>(ServiceProcess.Service.class));
	}

	/**
	 * Launches every service, then waits until each is ready; an interrupt ends the wait.
	 * Stopping what was launched is the caller's: {@link #close()}.
	 * @param launched told of each process the moment it exists
	 */
	public void launch(Path servicesDirectory, Path logDirectory, Map<ServiceProcess.Service, ServicePorts> ports,
			Map<String, String> infrastructure, Duration readyTimeout, Consumer<ServiceProcess> launched) {
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			Path jar = servicesDirectory.resolve(service.jarName());
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException("no " + jar + "; build the services first: ./mvnw -DskipTests package");
			}
		}
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ServiceProcess process = ServiceProcess.start(service, servicesDirectory.resolve(service.jarName()),
					ports.get(service), infrastructure, logDirectory);
			synchronized (this.processes) {
				this.processes.put(service, process);
			}
			launched.accept(process);
		}
		List<CompletableFuture<Void>> ready = new ArrayList<>();
		for (ServiceProcess process : launchedProcesses()) {
			ready.add(CompletableFuture.runAsync(() -> process.awaitReady(readyTimeout)));
		}
		try {
			CompletableFuture.allOf(ready.toArray(new CompletableFuture<?>[0])).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the services", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : new IllegalStateException(ex.getCause());
		}
	}

	/** The processes launched so far, in the order they stop. */
	public List<ServiceProcess> launchedProcesses() {
		List<ServiceProcess> launched = new ArrayList<>();
		synchronized (this.processes) {
			for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
				ServiceProcess process = this.processes.get(service);
				if (process != null) {
					launched.add(process);
				}
			}
		}
		return launched;
	}

	public ServiceProcess process(ServiceProcess.Service service) {
		synchronized (this.processes) {
			return this.processes.get(service);
		}
	}

	public String url(ServiceProcess.Service service) {
		return process(service).baseUrl();
	}

	/** Where the service's metrics and health with details are: its management port. */
	public String managementUrl(ServiceProcess.Service service) {
		return this.processes.get(service).managementUrl();
	}

	@Override
	public void close() {
		for (ServiceProcess process : launchedProcesses()) {
			process.close();
		}
	}

}

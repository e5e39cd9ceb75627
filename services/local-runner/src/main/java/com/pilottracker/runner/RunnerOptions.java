package com.pilottracker.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runner's command line.
 *
 * @param demo feed the Xiamen demo scenario once the system is up
 * @param fresh delete the data directory before starting
 * @param exitAfterDemo stop everything once the demo's funnel is visible (for scripts)
 * @param infrastructureOnly start the broker and the database but no service
 * @param dataDirectory where the broker, the database and the logs keep their data
 * @param servicesDirectory where the services' executable jars are
 * @param kafkaPort the broker's port
 * @param postgresPort the database's port
 * @param gatewayPort the milestone gateway's port
 * @param lifecyclePort the pilot lifecycle's port
 * @param projectionPort the funnel projection's port
 * @param gatewayManagementPort the milestone gateway's management port (metrics, health
 * with details)
 * @param lifecycleManagementPort the pilot lifecycle's management port
 * @param projectionManagementPort the funnel projection's management port
 */
record RunnerOptions(boolean demo, boolean fresh, boolean exitAfterDemo, boolean infrastructureOnly, Path dataDirectory,
		Path servicesDirectory, int kafkaPort, int postgresPort, int gatewayPort, int lifecyclePort, int projectionPort,
		int gatewayManagementPort, int lifecycleManagementPort, int projectionManagementPort) {

	/**
	 * A management port not given is the service's port plus this: 9080, 9081 and 9082 by
	 * default, as in the services' own configuration.
	 */
	static final int MANAGEMENT_PORT_OFFSET = 1000;

	static final String USAGE = """
			Usage: java -jar services/local-runner/target/local-runner.jar [options]

			Starts a Kafka broker (KRaft), PostgreSQL and the three services; Ctrl-C stops them all.
			With PILOT_KAFKA_BOOTSTRAP_SERVERS and PILOT_POSTGRES_URL (PILOT_POSTGRES_USER,
			PILOT_POSTGRES_PASSWORD) set, it uses those servers instead of starting its own.

			Options:
			  --demo                 feed the Xiamen demo over HTTP: the pilot (942 / 566 / 302)
			                         and the SME gradient (2462 / 2080 / 183 as of 2025-07-18)
			  --exit-after-demo      with --demo: stop once the demo funnel is visible
			  --fresh                delete the data directory first
			  --infrastructure-only  start only Kafka and PostgreSQL (run the services yourself)
			  --data-dir DIR         data directory (default: .pilot-data)
			  --services-dir DIR     directory of the services' jars (default: services/ beside this jar)
			  --kafka-port N         broker port (default: 9092)
			  --postgres-port N      PostgreSQL port (default: 5433)
			  --gateway-port N       milestone-gateway port (default: 8080)
			  --lifecycle-port N     pilot-lifecycle port (default: 8081)
			  --projection-port N    funnel-projection port (default: 8082)
			  --gateway-management-port N, --lifecycle-management-port N, --projection-management-port N
			                         each service's management port: metrics and health with
			                         details, for this machine or an internal network only
			                         (default: the service's port + 1000: 9080, 9081, 9082)
			  --help                 this text
			""";

	static RunnerOptions parse(List<String> arguments, Path runnerJarDirectory) {
		boolean demo = false;
		boolean fresh = false;
		boolean exitAfterDemo = false;
		boolean infrastructureOnly = false;
		Path data = Path.of(".pilot-data");
		Path services = runnerJarDirectory.resolve("services");
		int kafka = 9092;
		int postgres = 5433;
		int gateway = 8080;
		int lifecycle = 8081;
		int projection = 8082;
		Integer gatewayManagement = null;
		Integer lifecycleManagement = null;
		Integer projectionManagement = null;
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			switch (argument) {
				case "--demo" -> demo = true;
				case "--fresh" -> fresh = true;
				case "--exit-after-demo" -> exitAfterDemo = true;
				case "--infrastructure-only" -> infrastructureOnly = true;
				case "--data-dir" -> data = Path.of(value(arguments, ++i, argument));
				case "--services-dir" -> services = Path.of(value(arguments, ++i, argument));
				case "--kafka-port" -> kafka = port(arguments, ++i, argument);
				case "--postgres-port" -> postgres = port(arguments, ++i, argument);
				case "--gateway-port" -> gateway = port(arguments, ++i, argument);
				case "--lifecycle-port" -> lifecycle = port(arguments, ++i, argument);
				case "--projection-port" -> projection = port(arguments, ++i, argument);
				case "--gateway-management-port" -> gatewayManagement = port(arguments, ++i, argument);
				case "--lifecycle-management-port" -> lifecycleManagement = port(arguments, ++i, argument);
				case "--projection-management-port" -> projectionManagement = port(arguments, ++i, argument);
				default -> throw new IllegalArgumentException("unknown option " + argument);
			}
		}
		if (exitAfterDemo && !demo) {
			throw new IllegalArgumentException("--exit-after-demo needs --demo");
		}
		if (infrastructureOnly && demo) {
			throw new IllegalArgumentException("--demo needs the services; leave out --infrastructure-only");
		}
		RunnerOptions options = new RunnerOptions(demo, fresh, exitAfterDemo, infrastructureOnly,
				data.toAbsolutePath().normalize(), services.toAbsolutePath().normalize(), kafka, postgres, gateway,
				lifecycle, projection, managementPort(gatewayManagement, gateway, "--gateway-management-port"),
				managementPort(lifecycleManagement, lifecycle, "--lifecycle-management-port"),
				managementPort(projectionManagement, projection, "--projection-management-port"));
		options.requireDistinctPorts();
		return options;
	}

	private static int managementPort(Integer given, int servicePort, String option) {
		if (given != null) {
			return given;
		}
		int derived = servicePort + MANAGEMENT_PORT_OFFSET;
		if (derived > 65535) {
			throw new IllegalArgumentException(
					"the service port " + servicePort + " leaves no default management port; give " + option);
		}
		return derived;
	}

	private void requireDistinctPorts() {
		Set<Integer> seen = new HashSet<>();
		int[] all = { this.kafkaPort, this.postgresPort, this.gatewayPort, this.lifecyclePort, this.projectionPort,
				this.gatewayManagementPort, this.lifecycleManagementPort, this.projectionManagementPort };
		for (int port : all) {
			if (!seen.add(port)) {
				throw new IllegalArgumentException("port " + port + " is given to two servers; choose another");
			}
		}
	}

	/** Each service's own port and management port. */
	Map<ServiceProcess.Service, ServicePorts> servicePorts() {
		Map<ServiceProcess.Service, ServicePorts> ports = new EnumMap<>(ServiceProcess.Service.class);
		ports.put(ServiceProcess.Service.GATEWAY, new ServicePorts(this.gatewayPort, this.gatewayManagementPort));
		ports.put(ServiceProcess.Service.LIFECYCLE, new ServicePorts(this.lifecyclePort, this.lifecycleManagementPort));
		ports.put(ServiceProcess.Service.PROJECTION,
				new ServicePorts(this.projectionPort, this.projectionManagementPort));
		return ports;
	}

	private static String value(List<String> arguments, int index, String option) {
		if (index >= arguments.size() || arguments.get(index).startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return arguments.get(index);
	}

	private static int port(List<String> arguments, int index, String option) {
		String text = value(arguments, index, option);
		try {
			int port = Integer.parseInt(text);
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a port between 1 and 65535, not '" + text + "'");
		}
	}

	Path logDirectory() {
		return this.dataDirectory.resolve("logs");
	}

	boolean servicesPresent() {
		return ServiceProcess.Service.ALL.stream()
			.allMatch((service) -> Files.isRegularFile(this.servicesDirectory.resolve(service.jarName())));
	}

}

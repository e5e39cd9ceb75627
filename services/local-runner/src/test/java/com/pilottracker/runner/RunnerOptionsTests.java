package com.pilottracker.runner;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RunnerOptionsTests {

	static final Path JAR_DIRECTORY = Path.of("/opt/pilot");

	@Test
	void defaultsToTheDocumentedAddresses() {
		RunnerOptions options = RunnerOptions.parse(List.of(), JAR_DIRECTORY);

		assertThat(options.kafkaPort()).isEqualTo(9092);
		assertThat(options.postgresPort()).isEqualTo(5433);
		assertThat(options.gatewayPort()).isEqualTo(8080);
		assertThat(options.lifecyclePort()).isEqualTo(8081);
		assertThat(options.projectionPort()).isEqualTo(8082);
		assertThat(options.gatewayManagementPort()).isEqualTo(9080);
		assertThat(options.lifecycleManagementPort()).isEqualTo(9081);
		assertThat(options.projectionManagementPort()).isEqualTo(9082);
		assertThat(options.servicesDirectory()).isEqualTo(Path.of("/opt/pilot/services"));
		assertThat(options.dataDirectory().getFileName()).hasToString(".pilot-data");
		assertThat(options.demo()).isFalse();
		assertThat(options.fresh()).isFalse();
	}

	@Test
	void takesEveryOption() {
		RunnerOptions options = RunnerOptions.parse(
				List.of("--demo", "--fresh", "--exit-after-demo", "--data-dir", "/tmp/d", "--services-dir", "/tmp/s",
						"--kafka-port", "19092", "--postgres-port", "15433", "--gateway-port", "18080",
						"--lifecycle-port", "18081", "--projection-port", "18082", "--gateway-management-port", "28080",
						"--lifecycle-management-port", "28081", "--projection-management-port", "28082"),
				JAR_DIRECTORY);

		assertThat(options).isEqualTo(new RunnerOptions(true, true, true, false, Path.of("/tmp/d"), Path.of("/tmp/s"),
				19092, 15433, 18080, 18081, 18082, 28080, 28081, 28082));
		assertThat(options.servicePorts()).containsEntry(ServiceProcess.Service.GATEWAY, new ServicePorts(18080, 28080))
			.containsEntry(ServiceProcess.Service.LIFECYCLE, new ServicePorts(18081, 28081))
			.containsEntry(ServiceProcess.Service.PROJECTION, new ServicePorts(18082, 28082));
	}

	@Test
	void putsEachManagementPortAThousandAboveItsServicesPortUnlessGiven() {
		RunnerOptions options = RunnerOptions.parse(List.of("--gateway-port", "18080", "--projection-port", "18082",
				"--projection-management-port", "7000"), JAR_DIRECTORY);

		assertThat(options.gatewayManagementPort()).isEqualTo(19080);
		assertThat(options.lifecycleManagementPort()).isEqualTo(9081);
		assertThat(options.projectionManagementPort()).isEqualTo(7000);
	}

	@Test
	void refusesAPortGivenToTwoServersAndAServicePortWithNoRoomForItsManagementPort() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RunnerOptions.parse(List.of("--lifecycle-port", "8080"), JAR_DIRECTORY))
			.withMessageContaining("port 8080 is given to two servers");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RunnerOptions.parse(List.of("--gateway-management-port", "8081"), JAR_DIRECTORY))
			.withMessageContaining("port 8081 is given to two servers");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RunnerOptions.parse(List.of("--gateway-port", "65000"), JAR_DIRECTORY))
			.withMessageContaining("--gateway-management-port");
		assertThat(RunnerOptions
			.parse(List.of("--gateway-port", "65000", "--gateway-management-port", "65001"), JAR_DIRECTORY)
			.gatewayManagementPort()).isEqualTo(65001);
	}

	@Test
	void refusesUnknownOptionsAndBadPortsWithAMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> RunnerOptions.parse(List.of("--dmeo"), JAR_DIRECTORY))
			.withMessageContaining("--dmeo");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RunnerOptions.parse(List.of("--kafka-port", "99999"), JAR_DIRECTORY))
			.withMessageContaining("between 1 and 65535");
		assertThatIllegalArgumentException().isThrownBy(() -> RunnerOptions.parse(List.of("--data-dir"), JAR_DIRECTORY))
			.withMessageContaining("needs a value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RunnerOptions.parse(List.of("--exit-after-demo"), JAR_DIRECTORY))
			.withMessageContaining("--demo");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RunnerOptions.parse(List.of("--demo", "--infrastructure-only"), JAR_DIRECTORY))
			.withMessageContaining("--infrastructure-only");
	}

}

package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.pilottracker.benchmarks.load.Enterprises;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.gateway.reference.ReferenceData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoding a structured-mode CloudEvent as the gateway does for every request: the JSON
 * body read into attributes (Jackson, as WebFlux's decoder does), then validated into a
 * {@link Milestone} (USCC, type, time, reference data). In the gateway's package because
 * the validator is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StructuredCloudEventBenchmark {

	private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
	};

	private final JsonMapper json = JsonMapper.builder().build();

	private final byte[] body = Enterprises.solicitation(4711);

	private final ValidationRules rules = new ValidationRules(Instant.parse("2025-07-18T00:00:00Z"),
			Duration.ofMinutes(5), Instant.parse("2023-01-01T00:00:00Z"), null,
			new ReferenceData.Snapshot(Set.of("思明区", "海沧区", "湖里区", "集美区", "同安区", "翔安区"),
					Set.of("电子信息", "光学视讯", "新能源", "生物医药"), Set.of()),
			Programmes.shipped(), com.pilottracker.contracts.Registries.empty());

	@Benchmark
	public Milestone decodeAndValidate() {
		return MilestoneRequestValidator.validate(this.json.readValue(this.body, ATTRIBUTES), this.rules);
	}

	@Benchmark
	public Map<String, Object> decodeOnly() {
		return this.json.readValue(this.body, ATTRIBUTES);
	}

	/** The body's size, for the report. */
	public static int bodySize() {
		return Enterprises.solicitation(4711).length;
	}

	static String sample() {
		return new String(Enterprises.solicitation(4711), StandardCharsets.UTF_8);
	}

}

package com.pilottracker.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pilottracker.benchmarks.Report.Row;
import com.pilottracker.benchmarks.ceiling.BareWebFlux;
import com.pilottracker.benchmarks.ceiling.ProducerCeiling;
import com.pilottracker.benchmarks.ceiling.UpsertCeiling;
import com.pilottracker.benchmarks.load.Backlog;
import com.pilottracker.benchmarks.load.Enterprises;
import com.pilottracker.benchmarks.load.FunnelWatch;
import com.pilottracker.benchmarks.load.HttpLoad;
import com.pilottracker.benchmarks.load.Latencies;
import com.pilottracker.benchmarks.micro.MicroBenchmarks;
import com.pilottracker.benchmarks.stack.BenchmarkStack;
import com.pilottracker.benchmarks.stack.Cpu;
import com.pilottracker.benchmarks.stack.Rss;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.runner.ServiceProcess.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark command ({@code ./mvnw -DskipTests -Pbenchmark package}): starts the
 * product on the embedded stack and measures, in one run and on one machine, each product
 * figure next to the ceiling of the building block it rests on. Prints a table and writes
 * the same figures as JSON ({@code services/benchmarks/target/benchmark/}). Options:
 * {@code --quick} (smaller volumes, for trying the command), {@code --backlog N},
 * {@code --skip-jmh}, {@code --only-jmh}.
 */
public final class BenchmarkCommand {

	private static final String STRUCTURED = "application/cloudevents+json";

	private static final String BATCH = "application/cloudevents-batch+json";

	private static final String MILESTONES = "/api/v1/milestones";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Settings settings;

	private final Path output;

	private final Report report = new Report();

	private BenchmarkCommand(Settings settings, Path output) {
		this.settings = settings;
		this.output = output;
	}

	public static void main(String[] args) {
		List<String> arguments = new ArrayList<>();
		for (String arg : args) {
			for (String part : arg.trim().split("\\s+")) {
				if (!part.isEmpty()) {
					arguments.add(part);
				}
			}
		}
		Settings settings = Settings.parse(arguments);
		Path output = Path.of(System.getProperty("pilot.benchmark.output", "services/benchmarks/target/benchmark"));
		new BenchmarkCommand(settings, output).run();
		System.exit(0);
	}

	private void run() {
		Runtime runtime = Runtime.getRuntime();
		this.report.context("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
		this.report.context("cores", runtime.availableProcessors());
		this.report.context("memory", memory());
		this.report.context("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		this.report.context("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		this.report.context("settings", this.settings.toString());
		if (!this.settings.onlyJmh()) {
			product();
		}
		if (!this.settings.skipJmh()) {
			System.out.println("\n== JMH: the hot pure paths ==");
			for (MicroBenchmarks.Score score : MicroBenchmarks.run()) {
				this.report
					.add(Row.of("jmh " + score.benchmark().replace("Benchmark.", ".") + " ±" + number(score.error()),
							score.score(), score.unit()));
			}
		}
		Path json = this.output.resolve("results.json");
		this.report.writeJson(json);
		System.out.println("\n== Pilot Tracker benchmark ==\n");
		System.out.print(this.report.table());
		System.out.println("\nThe same figures as JSON: " + json.toAbsolutePath());
	}

	private void product() {
		Path services = Path.of(System.getProperty("pilot.services.directory", "services/benchmarks/target/services"));
		System.out.println("Starting PostgreSQL, Kafka and the three services ...");
		try (BenchmarkStack stack = BenchmarkStack.start(services, this.output.resolve("run"))) {
			// Ctrl-C stops the services too, not only this JVM
			Thread stopOnInterrupt = new Thread(stack::close, "benchmark-stop");
			Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
			this.report.context("service JVM options", stack.serviceJavaOptions());
			Enterprises enterprises = new Enterprises();
			String gateway = stack.url(Service.GATEWAY);
			try (FunnelWatch watch = new FunnelWatch(stack.url(Service.PROJECTION), stack.officeKey())) {
				ingest(stack, enterprises, gateway, watch);
				latency(stack, enterprises, gateway, watch);
				watch.stopPolling();
				database(stack);
				catchUp(stack, enterprises, watch);
				rebuild(stack);
			}
			Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
		}
	}

	// HTTP ingest

	private void ingest(BenchmarkStack stack, Enterprises enterprises, String gateway, FunnelWatch watch) {
		int requests = this.settings.singleRequests();
		System.out.println("\n== HTTP ingest, one milestone per request, 64 connections ==");
		double bare;
		try (BareWebFlux endpoint = BareWebFlux.start(stack.serviceJavaOptions(),
				this.output.resolve("run/logs/bare-webflux.log"));
				HttpLoad load = new HttpLoad(endpoint.url(), null, 64)) {
			warmUp(load, enterprises, requests / 4);
			long first = enterprises.take(requests);
			Cpu cpu = Cpu.of(Map.of("bare-webflux", endpoint.pid(), "load (this JVM)", ProcessHandle.current().pid()));
			Cpu.Snapshot start = cpu.snapshot();
			HttpLoad.Closed run = load.closedLoop(MILESTONES, STRUCTURED, requests, 64,
					(i) -> Enterprises.solicitation(first + i), 1);
			bare = run.itemsPerSecond();
			System.out.printf(Locale.ROOT, "  bare WebFlux: %,.0f requests/s %s%n", bare, run.statuses());
			cpuNote("bare WebFlux ingest", cpu.snapshot(), start);
		}
		long before = watch.solicitedNow();
		HttpLoad.Closed single;
		long warmed;
		try (HttpLoad load = new HttpLoad(gateway, stack.officeKey(), 64)) {
			warmed = warmUp(load, enterprises, requests / 4);
			long first = enterprises.take(requests);
			Cpu cpu = cpu(stack);
			Cpu.Snapshot start = cpu.snapshot();
			single = load.closedLoop(MILESTONES, STRUCTURED, requests, 64, (i) -> Enterprises.solicitation(first + i),
					1);
			System.out.printf(Locale.ROOT, "  gateway: %,.0f milestones/s %s%n", single.itemsPerSecond(),
					single.statuses());
			cpuNote("single ingest", cpu.snapshot(), start);
			requireAccepted(single);
		}
		this.report.add(new Row("ingest, 1 milestone/request, 64 connections", single.itemsPerSecond(), "/s",
				"bare WebFlux 202, same bodies", bare, ">= 0.5 of ceiling", single.itemsPerSecond() >= 0.5 * bare));

		System.out.println("\n== HTTP ingest, CloudEvents batch mode ==");
		int records = this.settings.producerRecords();
		int recordSize = MilestoneCodec.encode(Enterprises.milestone(1, Enterprises.SOLICITED, java.time.Instant.now()))
			.value().length;
		ProducerCeiling.Result producer = ProducerCeiling.run(stack.bootstrapServers(), records, recordSize, 6,
				this.output.resolve("run/logs/producer-performance.log"));
		System.out.printf(Locale.ROOT, "  ProducerPerformance: %,.0f records/s of %d bytes, p99 %.0f ms%n",
				producer.recordsPerSecond(), recordSize, producer.p99LatencyMillis());
		int batchSize = 500;
		int batches = this.settings.batchRequests();
		HttpLoad.Closed batch;
		try (HttpLoad load = new HttpLoad(gateway, stack.officeKey(), 8)) {
			for (int round = 0; round < 2; round++) {
				long warm = enterprises.take(batches / 4 * batchSize);
				requireAccepted(load.closedLoop(MILESTONES, BATCH, batches / 4, 4,
						(i) -> Enterprises.solicitationBatch(warm + i * batchSize, batchSize), batchSize));
			}
			long first = enterprises.take(batches * batchSize);
			Cpu cpu = cpu(stack);
			Cpu.Snapshot start = cpu.snapshot();
			batch = load.closedLoop(MILESTONES, BATCH, batches, 4,
					(i) -> Enterprises.solicitationBatch(first + i * batchSize, batchSize), batchSize);
			cpuNote("batch ingest", cpu.snapshot(), start);
			requireAccepted(batch);
			System.out.printf(Locale.ROOT, "  gateway, batches of %d: %,.0f milestones/s %s%n", batchSize,
					batch.itemsPerSecond(), batch.statuses());
		}
		this.report.add(new Row("ingest, batches of 500, 4 connections", batch.itemsPerSecond(), "/s",
				"ProducerPerformance acks=all idemp.", producer.recordsPerSecond(), ">= 0.3 of ceiling",
				batch.itemsPerSecond() >= 0.3 * producer.recordsPerSecond()));
		long accepted = before + warmed + single.items() + batch.items() + 2L * (batches / 4) * batchSize;
		System.out.println("  waiting for the projection to show every accepted milestone ...");
		if (!watch.start().awaitSolicited(accepted, Duration.ofMinutes(10))) {
			throw new IllegalStateException("the funnel did not reach " + accepted + " solicited within 10 minutes");
		}
	}

	/**
	 * Closed-loop rounds of {@code requests} until two rounds in a row agree within 10%
	 * (the JIT compilers are done), at most six.
	 * @return the milestones posted
	 */
	private static long warmUp(HttpLoad load, Enterprises enterprises, int requests) {
		double previous = 0;
		long posted = 0;
		for (int round = 0; round < 6; round++) {
			long first = enterprises.take(requests);
			HttpLoad.Closed run = load.closedLoop(MILESTONES, STRUCTURED, requests, 64,
					(i) -> Enterprises.solicitation(first + i), 1);
			requireAccepted(run);
			posted += requests;
			System.out.printf(Locale.ROOT, "  warming up: %,.0f/s%n", run.itemsPerSecond());
			if (previous > 0 && Math.abs(run.itemsPerSecond() - previous) <= 0.1 * previous) {
				break;
			}
			previous = run.itemsPerSecond();
		}
		return posted;
	}

	// end-to-end latency

	private void latency(BenchmarkStack stack, Enterprises enterprises, String gateway, FunnelWatch watch) {
		System.out.println("\n== End to end: gateway 2xx until visible in GET /api/v1/funnel ==");
		Map<Service, Double> rss = new EnumMap<>(Service.class);
		Steady steady;
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		try (HttpLoad load = new HttpLoad(gateway, stack.officeKey(), 256)) {
			steady(load, enterprises, watch, 1000, Duration.ofSeconds(5));
			sampler.scheduleAtFixedRate(() -> {
				for (Service service : Service.ALL) {
					rss.merge(service, Rss.mib(stack.pid(service)), Math::max);
				}
			}, 0, 250, TimeUnit.MILLISECONDS);
			Cpu cpu = cpu(stack);
			Cpu.Snapshot start = cpu.snapshot();
			steady = steady(load, enterprises, watch, 1000, this.settings.steadyDuration());
			sampler.shutdownNow();
			cpuNote("end to end at 1,000/s", cpu.snapshot(), start);
			this.report.add(new Row("end-to-end p50 at 1,000/s", steady.latencies().percentile(50), "ms", null,
					Double.NaN, null, null));
			this.report.add(new Row("end-to-end p95 at 1,000/s", steady.latencies().percentile(95), "ms", null,
					Double.NaN, null, null));
			this.report.add(new Row("end-to-end p99 at 1,000/s", steady.latencies().percentile(99), "ms", null,
					Double.NaN, "<= 100 ms", steady.latencies().percentile(99) <= 100));
			this.report.note(String.format(Locale.ROOT,
					"end to end at 1,000/s: %d milestones, sent at %.0f/s, the funnel polled every %.1f ms on average",
					steady.latencies().count(), steady.run().sentPerSecond(), watch.meanIntervalMillis()));
			for (Service service : Service.ALL) {
				double mib = rss.getOrDefault(service, -1.0);
				this.report.add(new Row("resident memory at 1,000/s, " + service.artifact(), mib, "MiB", null,
						Double.NaN, "<= 384 MiB", mib > 0 && mib <= 384));
			}

			double best = 0;
			double bestP99 = Double.NaN;
			double failedP99 = Double.NaN;
			for (int rate : this.settings.rates()) {
				Steady step = steady(load, enterprises, watch, rate, this.settings.stepDuration());
				double p99 = step.latencies().percentile(99);
				boolean kept = step.run().allAccepted() && step.run().sentPerSecond() >= 0.97 * rate;
				System.out.printf(Locale.ROOT, "  %,d/s: p99 %.1f ms, sent %.0f/s, answers %s%n", rate, p99,
						step.run().sentPerSecond(), step.run().statuses());
				if (!kept || !(p99 < 250)) {
					failedP99 = p99;
					break;
				}
				best = rate;
				bestP99 = p99;
			}
			this.report.add(new Row("highest steady rate with p99 < 250 ms", best, "/s", null, Double.NaN, null, null));
			this.report.note((best > 0)
					? String.format(Locale.ROOT, "highest steady rate tried in steps %s; p99 there %.1f ms",
							this.settings.rates(), bestP99)
					: String.format(Locale.ROOT,
							"highest steady rate: below the first step, %,d/s (p99 there %.1f ms); steps %s",
							this.settings.rates().get(0), failedP99, this.settings.rates()));
		}
		finally {
			sampler.shutdownNow();
		}
	}

	private Steady steady(HttpLoad load, Enterprises enterprises, FunnelWatch watch, int rate, Duration duration) {
		long base = watch.solicitedNow();
		int count = (int) Math.round(rate * duration.toNanos() / 1e9);
		long first = enterprises.take(count);
		HttpLoad.Open run = load.openLoop(MILESTONES, STRUCTURED, rate, duration, 2048,
				(i) -> Enterprises.solicitation(first + i));
		long expected = base + run.acknowledgedNanos().length;
		if (!watch.awaitSolicited(expected, Duration.ofMinutes(5))) {
			throw new IllegalStateException("the funnel did not reach " + expected + " within 5 minutes");
		}
		writeQuietly(this.output.resolve("end-to-end-" + rate + "-per-second.csv"),
				watch.lagCsv(base, run.acknowledgedNanos()));
		return new Steady(run, watch.latencies(base, run.acknowledgedNanos()));
	}

	private static void writeQuietly(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text);
		}
		catch (java.io.IOException ex) {
			System.out.println("  (could not write " + file + ": " + ex + ")");
		}
	}

	// database ceilings

	private double rowPerTransaction;

	private void database(BenchmarkStack stack) {
		System.out.println("\n== PostgreSQL: plain JDBC upsert loops ==");
		double batched = UpsertCeiling.batched(stack.jdbcUrl(), stack.postgresUser(), 200_000, 1000);
		this.rowPerTransaction = UpsertCeiling.rowPerTransaction(stack.jdbcUrl(), stack.postgresUser(), 5_000);
		this.report.add(Row.of("JDBC batch upsert (1,000 rows per tx)", batched, "rows/s"));
		this.report.add(Row.of("JDBC upsert, one row per transaction", this.rowPerTransaction, "rows/s"));
		this.batchedUpsert = batched;
	}

	private double batchedUpsert;

	/**
	 * The CPU of the services, PostgreSQL, this JVM (the broker and the load) and idle.
	 */
	private static Cpu cpu(BenchmarkStack stack) {
		Map<String, Long> pids = new java.util.LinkedHashMap<>();
		for (Service service : Service.ALL) {
			pids.put(service.artifact(), stack.pid(service));
		}
		pids.put("broker+load (this JVM)", ProcessHandle.current().pid());
		return Cpu.of(pids);
	}

	private void cpuNote(String phase, Cpu.Snapshot end, Cpu.Snapshot start) {
		String line = end.describeSince(start);
		System.out.println("  " + line);
		this.report.note(phase + ", " + line);
	}

	// catch-up and rebuild

	private void catchUp(BenchmarkStack stack, Enterprises enterprises, FunnelWatch watch) {
		System.out.printf(Locale.ROOT, "%n== Catch-up: a backlog of %,d milestones in Kafka ==%n",
				this.settings.backlog());
		Map<String, Long> before = watch.reached();
		stack.stop(List.of(Service.LIFECYCLE, Service.PROJECTION));
		long writing = System.nanoTime();
		Backlog.Expected expected = Backlog.write(stack.bootstrapServers(), enterprises, this.settings.backlog());
		System.out.printf(Locale.ROOT, "  wrote %,d milestones in %.1f s; starting the lifecycle and the projection%n",
				expected.milestones(), (System.nanoTime() - writing) / 1e9);
		long launched = System.nanoTime();
		stack.start(List.of(Service.LIFECYCLE, Service.PROJECTION));
		Cpu cpu = cpu(stack);
		Cpu.Snapshot start = cpu.snapshot();
		long baseTotal = total(before);
		long target = baseTotal + expected.milestones();
		long firstProgress = 0;
		long firstProgressCount = 0;
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
		long last = -1;
		long lastPrint = System.nanoTime();
		while (true) {
			Map<String, Long> now = watch.reached();
			long total = total(now);
			long at = System.nanoTime();
			if (firstProgress == 0 && total > baseTotal) {
				firstProgress = at;
				firstProgressCount = total - baseTotal;
			}
			if (total >= target) {
				break;
			}
			if (at > deadline) {
				throw new IllegalStateException("the backlog was not drained within 30 minutes: " + now);
			}
			if (at - lastPrint > TimeUnit.SECONDS.toNanos(10) && total != last) {
				System.out.printf(Locale.ROOT, "  %,d of %,d applied%n", total - baseTotal, expected.milestones());
				lastPrint = at;
				last = total;
			}
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
		long done = System.nanoTime();
		cpuNote("catch-up", cpu.snapshot(), start);
		double drainRate = (expected.milestones() - firstProgressCount) / ((done - firstProgress) / 1e9);
		double withStart = expected.milestones() / ((done - launched) / 1e9);
		System.out.printf(Locale.ROOT, "  drained at %,.0f milestones/s (%,.0f/s counting the services' start)%n",
				drainRate, withStart);
		this.report.add(new Row("catch-up, lifecycle + projection", drainRate, "/s", "JDBC upsert, 1 row per tx",
				this.rowPerTransaction, ">= 20,000/s, >= 2x",
				drainRate >= 20_000 && drainRate >= 2 * this.rowPerTransaction));
		this.report.add(new Row("catch-up vs JDBC batch upsert", drainRate, "/s", "JDBC batch upsert, 1,000/tx",
				this.batchedUpsert, null, null));
		this.report.note(String.format(Locale.ROOT,
				"catch-up: %,d milestones (%,d solicited, %,d contracted, %,d pre-acceptance); %.1f s from launching "
						+ "the two services to the last change visible (%,.0f/s including their start)",
				expected.milestones(), expected.solicited(), expected.contracted(), expected.preAcceptance(),
				(done - launched) / 1e9, withStart));
	}

	private void rebuild(BenchmarkStack stack) {
		System.out.println("\n== Rebuild of the projection from the log ==");
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(stack.url(Service.PROJECTION) + "/api/v1/admin/projection/rebuild"))
			.header("Authorization", "Bearer " + stack.officeKey())
			.timeout(Duration.ofMinutes(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			Cpu cpu = cpu(stack);
			Cpu.Snapshot start = cpu.snapshot();
			long started = System.nanoTime();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			double seconds = (System.nanoTime() - started) / 1e9;
			cpuNote("rebuild", cpu.snapshot(), start);
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"the rebuild answered " + response.statusCode() + ": " + response.body());
			}
			JsonNode result = JSON.readTree(response.body());
			long changes = result.path("changesRead").asLong();
			System.out.printf(Locale.ROOT, "  %,d stage changes read, %,d applied, in %.1f s%n", changes,
					result.path("changesApplied").asLong(), seconds);
			this.report.add(new Row(String.format(Locale.ROOT, "rebuild, %,d changes in the log", changes), seconds,
					"s", null, Double.NaN, "<= 60 s per 1M", seconds * 1_000_000 / Math.max(1, changes) <= 60));
			this.report.add(Row.of("rebuild rate", changes / seconds, "/s"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// helpers

	/** Reached summed over the pilot's funnel stages: one per milestone applied. */
	private static long total(Map<String, Long> reached) {
		return Enterprises.PILOT.funnelStages()
			.stream()
			.mapToLong((stage) -> reached.getOrDefault(stage.name(), 0L))
			.sum();
	}

	private static void requireAccepted(HttpLoad.Closed run) {
		if (!run.allAccepted()) {
			throw new IllegalStateException("not every request was accepted: " + run.statuses());
		}
	}

	private static String memory() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					return String.format(Locale.ROOT, "%.1f GiB",
							Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return "unknown";
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.3f", value);
	}

	private record Steady(HttpLoad.Open run, Latencies latencies) {
	}

	/**
	 * How much the run does.
	 *
	 * @param singleRequests requests in the single-milestone ingest runs
	 * @param batchRequests batch requests in the batch ingest run
	 * @param producerRecords records ProducerPerformance sends
	 * @param steadyDuration how long the 1,000/s run lasts
	 * @param stepDuration how long each step of the rate search lasts
	 * @param rates the rate search's steps
	 * @param backlog milestones in the catch-up backlog
	 * @param skipJmh leave out JMH
	 * @param onlyJmh run JMH only
	 */
	record Settings(int singleRequests, int batchRequests, int producerRecords, Duration steadyDuration,
			Duration stepDuration, List<Integer> rates, int backlog, boolean skipJmh, boolean onlyJmh) {

		static Settings parse(List<String> arguments) {
			boolean quick = arguments.contains("--quick");
			int backlog = quick ? 100_000 : 1_000_000;
			int index = arguments.indexOf("--backlog");
			if (index >= 0 && index + 1 < arguments.size()) {
				backlog = Integer.parseInt(arguments.get(index + 1).replace("_", ""));
			}
			for (String argument : arguments) {
				if (argument.startsWith("--")
						&& !List.of("--quick", "--backlog", "--skip-jmh", "--only-jmh").contains(argument)) {
					throw new IllegalArgumentException(
							"unknown option " + argument + "; options: --quick, --backlog N, --skip-jmh, --only-jmh");
				}
			}
			return new Settings(quick ? 8_000 : 40_000, quick ? 40 : 200, quick ? 200_000 : 1_000_000,
					Duration.ofSeconds(quick ? 10 : 30), Duration.ofSeconds(quick ? 5 : 10),
					List.of(250, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000), backlog,
					arguments.contains("--skip-jmh"), arguments.contains("--only-jmh"));
		}

	}

}

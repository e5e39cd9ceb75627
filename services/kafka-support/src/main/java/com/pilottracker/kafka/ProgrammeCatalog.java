package com.pilottracker.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.ProgrammeRevision;
import com.pilottracker.contracts.ProgrammeRevisionCodec;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.WireRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The programmes a service knows, kept current from {@link Topics#PROGRAMMES}: the
 * definitions that ship, then every revision the office made, in the order it made them.
 * Every service holds one and applies the same records by the same rules, so they all end
 * with the same catalog.
 * <p>
 * A record is applied when it is the next revision of its programme and may follow it
 * ({@link ProgrammeRevision#differences}), or revision 1 of a programme not yet known
 * whose milestone types no other programme declares; any other record (a second revision
 * 3, a hostile writer's) is skipped, logged and counted in
 * {@code pilot.programme.revisions.skipped}. The gateway checks the same before it
 * writes, so a skip means two writers raced or someone wrote around the gateway.
 * <p>
 * A reader started on its own thread follows the topic and confirms, about every
 * {@value #CHECK_MILLIS} ms, that it has read to the end. Whoever meets a milestone type
 * it does not know asks {@link #awaitCaughtUp} whether the catalog had read to the end
 * after the milestone was accepted: only then is the type unknown rather than not yet
 * known.
 */
public class ProgrammeCatalog implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ProgrammeCatalog.class);

	/** How often, at most, the reader asks the broker where the topic ends. */
	static final long CHECK_MILLIS = 200;

	/**
	 * How far the clocks of the gateway that accepted a milestone and the service reading
	 * it may differ; {@link #awaitCaughtUp} allows for it.
	 */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

	private final ConsumerFactory<String, byte[]> consumers;

	private final Clock clock;

	private final Duration startTimeout;

	private final Counter skipped;

	private final List<Consumer<Programme>> listeners = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private volatile State state;

	private volatile Instant caughtUpAt = Instant.MIN;

	private volatile boolean running;

	private volatile Thread reader;

	private volatile org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;

	/**
	 * @param consumers where the reader's consumer comes from (it reads without a group
	 * and commits nothing)
	 * @param shipped the definitions that ship
	 * @param clock the service's clock, for when the reader last read to the end
	 * @param startTimeout how long {@link #start} waits for the first read to the end
	 * @param meters where the skipped revisions and the revision in force are counted
	 */
	public ProgrammeCatalog(ConsumerFactory<String, byte[]> consumers, Programmes shipped, Clock clock,
			Duration startTimeout, MeterRegistry meters) {
		this.consumers = consumers;
		this.clock = clock;
		this.startTimeout = startTimeout;
		Map<String, List<ProgrammeRevision>> revisions = new LinkedHashMap<>();
		shipped.all()
			.forEach((programme) -> revisions.put(programme.id(), List.of(ProgrammeRevision.shipped(programme))));
		this.state = new State(shipped, revisions);
		this.skipped = Counter.builder("pilot.programme.revisions.skipped")
			.description("Records on pilot.programmes not applied: not the next revision, or one that may not follow")
			.register(meters);
		Gauge.builder("pilot.programme.revisions", this, (catalog) -> catalog.state.revisionCount())
			.description("Definitions and revisions of programmes this service holds, shipped ones included")
			.register(meters);
	}

	/** A catalog of {@code shipped} that reads no topic: for tools and tests. */
	public static ProgrammeCatalog fixed(Programmes shipped) {
		return new ProgrammeCatalog(null, shipped, Clock.systemUTC(), Duration.ZERO,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
	}

	/** The programmes as this service holds them now. */
	public Programmes current() {
		return this.state.programmes();
	}

	public List<Programme> all() {
		return current().all();
	}

	public Optional<Programme> find(String id) {
		return current().find(id);
	}

	/** @see Programmes#require */
	public Programme require(String id) {
		return current().require(id);
	}

	/** @see Programmes#orPilot */
	public Programme orPilot(String id) {
		return current().orPilot(id);
	}

	public Optional<Programme> declaring(MilestoneType type) {
		return current().declaring(type);
	}

	public Optional<Programme> declaring(String cloudEventType) {
		return current().declaring(cloudEventType);
	}

	/**
	 * The programme that declares the type for a milestone accepted at
	 * {@code acceptedAt}: none if the programme was defined after that (a record written
	 * before the office defined its programme is not the programme's, whenever it is
	 * read).
	 */
	public Optional<Programme> declaring(String cloudEventType, Instant acceptedAt) {
		return declaring(cloudEventType).filter(
				(programme) -> acceptedAt == null || !definedAt(programme.id()).map(acceptedAt::isBefore).orElse(true));
	}

	/**
	 * The programmes as they stood at {@code at}: without those defined after it. The
	 * gateway checks a milestone it accepts at {@code at} against these, as the lifecycle
	 * does ({@link #declaring(String, Instant)}).
	 */
	public Programmes definedBy(Instant at) {
		State now = this.state;
		if (!now.lastDefinedAt().isAfter(at)) {
			return now.programmes();
		}
		return new Programmes(now.programmes()
			.all()
			.stream()
			.filter((programme) -> !now.revisions().get(programme.id()).get(0).recordedAt().isAfter(at))
			.toList());
	}

	/** When the programme's revision 1 was made: the epoch for a shipped one. */
	public Optional<Instant> definedAt(String id) {
		return Optional.ofNullable(this.state.revisions().get(id)).map((list) -> list.get(0).recordedAt());
	}

	/** Every revision of the programme, the first first; empty for an unknown one. */
	public List<ProgrammeRevision> revisions(String id) {
		return this.state.revisions().getOrDefault(id, List.of());
	}

	/** The revision in force. */
	public Optional<ProgrammeRevision> latest(String id) {
		List<ProgrammeRevision> revisions = revisions(id);
		return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
	}

	/** Calls {@code listener} with every programme this catalog adds from now on. */
	public void onNewProgramme(Consumer<Programme> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Whether the reader has read to the end of the topic as it stood at or after
	 * {@code instant} plus {@link #CLOCK_SKEW}, waiting up to {@code timeout} for it; a
	 * catalog that reads no topic always has.
	 */
	public boolean awaitCaughtUp(Instant instant, Duration timeout) {
		if (this.consumers == null) {
			return true;
		}
		Instant needed = instant.plus(CLOCK_SKEW);
		return awaitUntil(() -> !this.caughtUpAt.isBefore(needed), timeout);
	}

	/**
	 * Whether the reader confirmed, within {@code maxAge}, that it had read the topic to
	 * its end: a type it does not know is then unknown, not a programme's it has not read
	 * yet. A catalog that reads no topic always is.
	 */
	public boolean isCurrent(Duration maxAge) {
		return this.consumers == null || !this.caughtUpAt.isBefore(this.clock.instant().minus(maxAge));
	}

	/**
	 * Waits up to {@code timeout} until this catalog holds the revision (or a later one)
	 * of the programme.
	 */
	public boolean awaitRevision(String id, int revision, Duration timeout) {
		return awaitUntil(() -> latest(id).map(ProgrammeRevision::revision).orElse(0) >= revision, timeout);
	}

	/** Waits up to {@code timeout} for the reader to make {@code condition} true. */
	private boolean awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (!condition.getAsBoolean()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					this.monitor.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * Applies one record of {@link Topics#PROGRAMMES}, by the rules every service applies
	 * alike.
	 * @return whether it was applied
	 */
	boolean apply(WireRecord record) {
		ProgrammeRevision revision;
		try {
			revision = ProgrammeRevisionCodec.decode(record);
		}
		catch (MalformedEventException ex) {
			return skip(record.key(), ex.getMessage());
		}
		State before = this.state;
		List<ProgrammeRevision> known = before.revisions().get(revision.programme());
		Programmes programmes;
		if (known == null) {
			if (revision.revision() != 1) {
				return skip(revision.programme(), "revision " + revision.revision() + " of a programme not defined");
			}
			try {
				programmes = before.programmes().with(revision.definition());
			}
			catch (IllegalArgumentException ex) {
				return skip(revision.programme(), ex.getMessage());
			}
		}
		else {
			List<ProgrammeRevision.Difference> differences = ProgrammeRevision
				.differences(known.get(known.size() - 1).definition(), revision.definition());
			if (!differences.isEmpty()) {
				return skip(revision.programme(), "revision " + revision.revision() + ": "
						+ differences.get(0).pointer() + " " + differences.get(0).detail());
			}
			programmes = before.programmes().with(revision.definition());
		}
		Map<String, List<ProgrammeRevision>> revisions = new LinkedHashMap<>(before.revisions());
		List<ProgrammeRevision> list = new ArrayList<>((known != null) ? known : List.of());
		list.add(revision);
		revisions.put(revision.programme(), List.copyOf(list));
		synchronized (this.monitor) {
			this.state = new State(programmes, revisions);
			this.monitor.notifyAll();
		}
		logger.info("Programme {} revision {} by {}: {}", revision.programme(), revision.revision(),
				Text.forLog(revision.recordedBy()), Text.forLog(revision.reason()));
		if (known == null) {
			for (Consumer<Programme> listener : this.listeners) {
				try {
					listener.accept(revision.definition());
				}
				catch (RuntimeException ex) {
					logger.warn("A listener failed on the new programme {}", revision.programme(), ex);
				}
			}
		}
		return true;
	}

	private boolean skip(String key, String why) {
		this.skipped.increment();
		logger.warn("Skipped a record on {} (key '{}'): {}", Topics.PROGRAMMES, Text.forLog(String.valueOf(key)),
				Text.forLog(why, 500));
		return false;
	}

	/**
	 * Starts the reader and waits, up to the start timeout, until it has read the topic
	 * to its end, so the service starts with the office's programmes.
	 */
	@Override
	public void start() {
		if (this.consumers == null || this.running) {
			return;
		}
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.consumer = this.consumers.createConsumer(null, "programme-catalog", null, overrides);
		this.running = true;
		Instant started = this.clock.instant();
		Thread thread = new Thread(this::read, "programme-catalog");
		thread.setDaemon(true);
		this.reader = thread;
		thread.start();
		if (!awaitCaughtUp(started.minus(CLOCK_SKEW), this.startTimeout)) {
			logger.warn("The programme catalog has not read {} to its end within {}; starting with what it holds",
					Topics.PROGRAMMES, this.startTimeout);
		}
	}

	private void read() {
		org.apache.kafka.clients.consumer.Consumer<String, byte[]> reading = this.consumer;
		List<TopicPartition> partitions = List.of();
		long nextCheck = 0;
		try {
			while (this.running) {
				try {
					if (partitions.isEmpty()) {
						partitions = partitions(reading);
						if (partitions.isEmpty()) {
							// not created yet: nothing was ever written to it
							confirm(this.clock.instant());
							Thread.sleep(CHECK_MILLIS);
							continue;
						}
						reading.assign(partitions);
						reading.seekToBeginning(partitions);
					}
					ConsumerRecords<String, byte[]> records = reading.poll(Duration.ofMillis(CHECK_MILLIS));
					for (ConsumerRecord<String, byte[]> record : records) {
						WireRecord wire = Records.wire(record);
						apply(new WireRecord(wire.key(), wire.headers(), wire.value(),
								Instant.ofEpochMilli(record.timestamp())));
					}
					if (records.isEmpty() || System.nanoTime() >= nextCheck) {
						Instant asked = this.clock.instant();
						Map<TopicPartition, Long> ends = reading.endOffsets(partitions, Duration.ofSeconds(5));
						boolean atEnd = true;
						for (TopicPartition partition : partitions) {
							atEnd &= reading.position(partition) >= ends.get(partition);
						}
						if (atEnd) {
							confirm(asked);
						}
						nextCheck = System.nanoTime() + CHECK_MILLIS * 1_000_000;
					}
				}
				catch (WakeupException ex) {
					// stopping
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (RuntimeException ex) {
					logger.warn("The programme catalog could not read {}; trying again: {}", Topics.PROGRAMMES,
							ex.toString());
					sleep();
				}
			}
		}
		finally {
			reading.close(Duration.ofSeconds(2));
		}
	}

	private static List<TopicPartition> partitions(org.apache.kafka.clients.consumer.Consumer<String, byte[]> reading) {
		List<PartitionInfo> infos = reading.partitionsFor(Topics.PROGRAMMES, Duration.ofSeconds(5));
		return (infos == null) ? List.of()
				: infos.stream().map((info) -> new TopicPartition(info.topic(), info.partition())).toList();
	}

	private void confirm(Instant asked) {
		synchronized (this.monitor) {
			if (asked.isAfter(this.caughtUpAt)) {
				this.caughtUpAt = asked;
				this.monitor.notifyAll();
			}
		}
	}

	private void sleep() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
		org.apache.kafka.clients.consumer.Consumer<String, byte[]> reading = this.consumer;
		if (reading != null) {
			reading.wakeup();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.reader = null;
		this.consumer = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the listener containers start, so they decide with the office's programmes.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	private record State(Programmes programmes, Map<String, List<ProgrammeRevision>> revisions) {

		State {
			revisions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(revisions));
		}

		Instant lastDefinedAt() {
			return this.revisions.values()
				.stream()
				.map((list) -> list.get(0).recordedAt())
				.max(Instant::compareTo)
				.orElse(Instant.EPOCH);
		}

		int revisionCount() {
			return this.revisions.values().stream().mapToInt(List::size).sum();
		}

	}

}

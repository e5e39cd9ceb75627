package com.pilottracker.gateway.milestone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.pilottracker.access.Caller;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.receipt.Receipt;
import com.pilottracker.gateway.receipt.ReceiptKey;
import com.pilottracker.kafka.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * One milestone from its CloudEvent attributes to its receipt: checked
 * ({@link InvalidMilestoneException}), within the caller's scope
 * ({@link ForbiddenException}), then taken in exactly once ({@link MilestoneIntake}:
 * {@link MilestoneConflictException}, {@link BrokerUnavailableException}). Every way in
 * (the three CloudEvents modes, the office's import) goes through here; a batch of them
 * through {@link #submitAll}, which takes the same steps set-based.
 */
@Service
public class MilestoneSubmission {

	private static final Logger logger = LoggerFactory.getLogger(MilestoneSubmission.class);

	private final MilestoneRules rules;

	private final MilestoneScope scope;

	private final MilestoneIntake intake;

	private final MeterRegistry meters;

	private final int maxSetSize;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private static final long CATALOG_CURRENT_SECONDS = 10;

	private final ProgrammeCatalog programmes;

	MilestoneSubmission(MilestoneRules rules, MilestoneScope scope, MilestoneIntake intake, MeterRegistry meters,
			ProgrammeCatalog programmes, @Value("${pilot.gateway.max-batch-size:1000}") int maxSetSize) {
		this.rules = rules;
		this.scope = scope;
		this.intake = intake;
		this.meters = meters;
		this.programmes = programmes;
		this.maxSetSize = Math.max(1, maxSetSize);
		// every series from the start, so rates and alerts have them before the first
		// event
		for (Programme programme : programmes.all()) {
			for (MilestoneType type : programme.milestoneTypes()) {
				for (String outcome : OUTCOMES) {
					counter(type.cloudEventType(), outcome);
				}
			}
		}
		for (String outcome : OUTCOMES) {
			counter(UNKNOWN, outcome);
		}
		programmes.onNewProgramme((programme) -> programme.milestoneTypes()
			.forEach((type) -> OUTCOMES.forEach((outcome) -> counter(type.cloudEventType(), outcome))));
	}

	/**
	 * A milestone whose type no programme declares, while the programme catalog has not
	 * confirmed reading {@code pilot.programmes} to its end for
	 * {@value #CATALOG_CURRENT_SECONDS} s (the broker is away, or the gateway has just
	 * started): the type may be of a programme the office has just defined, so the caller
	 * is told to post it again (503) rather than that it is invalid.
	 */
	private RuntimeException unlessTheCatalogIsBehind(InvalidMilestoneException invalid) {
		boolean unknownType = invalid.errors()
			.stream()
			.anyMatch((error) -> error.pointer().equals("/type")
					&& error.detail().contains("is not a milestone type of any programme"));
		if (unknownType && !this.programmes.isCurrent(Duration.ofSeconds(CATALOG_CURRENT_SECONDS))) {
			return new BrokerUnavailableException(new IllegalStateException(
					"the programme catalog has not read pilot.programmes lately, so the type may be a new programme's"));
		}
		return invalid;
	}

	public Mono<Receipt> submit(Caller caller, Map<String, Object> event) {
		String type = type(event.get("type"));
		return Mono.fromCallable(() -> MilestoneRequestValidator.validate(event, this.rules.now(caller)))
			.onErrorMap(InvalidMilestoneException.class, this::unlessTheCatalogIsBehind)
			.flatMap((milestone) -> this.scope.check(caller, milestone))
			.flatMap(this.intake::accept)
			.as((accepted) -> Traces.logged(accepted, (submitted) -> counted(type, submitted)))
			.doOnError((ex) -> counter(type, outcome(ex)).increment())
			.map(Submitted::receipt);
	}

	/**
	 * Each event's result, in order, as {@link #submit} would have answered it on its
	 * own: every event is checked and scope-checked, then the valid ones are taken in
	 * together (one statement records their receipts, their records go to Kafka at once).
	 * <p>
	 * Events are taken in in runs that do not depend on each other, one run after the
	 * other: a run ends before an event that repeats the source and id of one in it, or
	 * before a provider's pre-acceptance or withdrawal of an enterprise whose contract is
	 * in it, so they see the earlier one taken in, as when posted one by one. Once the
	 * event log or the receipt store failed an event, the events of later runs are not
	 * tried ({@link Submitted#tried()}).
	 */
	public Mono<List<Submitted>> submitAll(Caller caller, List<Map<String, Object>> events) {
		return Mono.defer(() -> {
			int size = events.size();
			String[] types = new String[size];
			Milestone[] milestones = new Milestone[size];
			Submitted[] results = new Submitted[size];
			ValidationRules rules = this.rules.now(caller);
			for (int i = 0; i < size; i++) {
				types[i] = type(events.get(i).get("type"));
				try {
					milestones[i] = MilestoneRequestValidator.validate(events.get(i), rules);
				}
				catch (InvalidMilestoneException ex) {
					RuntimeException answer = unlessTheCatalogIsBehind(ex);
					results[i] = (answer instanceof BrokerUnavailableException unavailable)
							? Submitted.notTried(unavailable) : Submitted.refused(ex);
				}
			}
			boolean[] stopped = new boolean[1];
			return Flux.fromIterable(runs(milestones))
				.concatMap((run) -> stopped[0] ? Mono.fromRunnable(() -> notTried(run, results))
						: takeIn(caller, run, milestones, results)
							.doOnSuccess((unavailable) -> stopped[0] = Boolean.TRUE.equals(unavailable)))
				.then(Mono.fromSupplier(() -> Arrays.asList(results)))
				.as((submitted) -> Traces.logged(submitted, (all) -> {
					for (int i = 0; i < size; i++) {
						if (all.get(i).tried()) {
							counted(types[i], all.get(i));
						}
					}
				}));
		});
	}

	/**
	 * The positions of the valid milestones, cut into runs that can be taken in together:
	 * a repeat of a milestone earlier in the batch starts a new run, so it finds that
	 * one's receipt. (A contract earlier in the batch does not put the provider's next
	 * steps in its scope: only an applied contract does.)
	 */
	private List<List<Integer>> runs(Milestone[] milestones) {
		List<List<Integer>> runs = new ArrayList<>();
		List<Integer> run = new ArrayList<>();
		Set<ReceiptKey> keys = new HashSet<>();
		for (int i = 0; i < milestones.length; i++) {
			Milestone milestone = milestones[i];
			if (milestone == null) {
				continue;
			}
			ReceiptKey key = ReceiptKey.of(milestone);
			if (keys.contains(key) || run.size() >= this.maxSetSize) {
				runs.add(run);
				run = new ArrayList<>();
				keys.clear();
			}
			run.add(i);
			keys.add(key);
		}
		if (!run.isEmpty()) {
			runs.add(run);
		}
		return runs;
	}

	/**
	 * Scope-checks and takes in one run.
	 * @return whether the event log or the receipt store failed one of its milestones
	 */
	private Mono<Boolean> takeIn(Caller caller, List<Integer> run, Milestone[] milestones, Submitted[] results) {
		List<Milestone> checking = run.stream().map((i) -> milestones[i]).toList();
		return this.scope.checkAll(caller, checking).flatMap((refusals) -> {
			List<Integer> allowed = new ArrayList<>(run.size());
			for (int j = 0; j < run.size(); j++) {
				if (refusals.get(j) != null) {
					results[run.get(j)] = Submitted.refused(refusals.get(j));
				}
				else {
					allowed.add(run.get(j));
				}
			}
			if (allowed.isEmpty()) {
				return Mono.just(List.<Submitted>of());
			}
			return this.intake.acceptAll(allowed.stream().map((i) -> milestones[i]).toList())
				.onErrorResume(MilestoneSubmission::unavailable,
						(ex) -> Mono
							.just(allowed.stream().map((i) -> Submitted.refused((RuntimeException) ex)).toList()))
				.doOnNext((submitted) -> {
					for (int j = 0; j < allowed.size(); j++) {
						results[allowed.get(j)] = submitted.get(j);
					}
				});
		})
			.then(Mono.fromSupplier(() -> run.stream()
				.anyMatch((i) -> results[i].refusal() != null && unavailable(results[i].refusal()))));
	}

	private static void notTried(List<Integer> run, Submitted[] results) {
		for (int i : run) {
			results[i] = Submitted.notTried(new BrokerUnavailableException(new IllegalStateException(
					"not tried: the event log or the receipt store failed an earlier event")));
		}
	}

	/** Whether the event log or the receipt store failed: the answer is 503. */
	static boolean unavailable(Throwable ex) {
		return ex instanceof BrokerUnavailableException || ex instanceof DataAccessException
				|| ex instanceof R2dbcException;
	}

	private void counted(String type, Submitted submitted) {
		if (!submitted.isAccepted()) {
			counter(type, outcome(submitted.refusal())).increment();
			return;
		}
		Receipt receipt = submitted.receipt();
		String outcome = submitted.repeated() ? "repeated" : "accepted";
		counter(type, outcome).increment();
		logger.debug("Took in {} from {} ({} for {}): {}", receipt.id(), receipt.source(), receipt.type(),
				receipt.subject(), outcome);
	}

	private static final List<String> OUTCOMES = List.of("accepted", "repeated", "invalid", "forbidden", "conflict",
			"unavailable");

	/**
	 * The {@code type} and {@code programme} tag of a milestone whose type no programme
	 * declares: the tags take the catalog's values only, never what a request said.
	 */
	private static final String UNKNOWN = "unknown";

	private String type(Object type) {
		return (type instanceof String name && this.programmes.declaring(name).isPresent()) ? name : UNKNOWN;
	}

	private static String outcome(Throwable ex) {
		if (ex instanceof InvalidMilestoneException) {
			return "invalid";
		}
		if (ex instanceof ForbiddenException) {
			return "forbidden";
		}
		if (ex instanceof MilestoneConflictException) {
			return "conflict";
		}
		return "unavailable";
	}

	/**
	 * A counter of a type {@link #type} answered: a declared type, or {@link #UNKNOWN}.
	 */
	private Counter counter(String type, String outcome) {
		// registered once: looking a meter up costs more than the rest of its update
		return this.counters.computeIfAbsent(type + " " + outcome,
				(key) -> Counter.builder("pilot.gateway.milestones")
					.description("Milestones posted to the gateway, by programme, type and outcome")
					.tag("programme", UNKNOWN.equals(type) ? UNKNOWN : new MilestoneType(type).programmeId())
					.tag("type", type)
					.tag("outcome", outcome)
					.register(this.meters));
	}

}

package com.pilottracker.runner.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;

/**
 * The funnel a demo scenario must produce in one programme, worked out from its
 * milestones by the rules of {@code docs/programmes.md}, so that the end-to-end test and
 * the runner can tell the figures the services show are right.
 * <p>
 * It follows each enterprise's milestones in the order they happened ({@code time}, then
 * the programme's order of steps, as the lifecycle does):
 * <ul>
 * <li>a stage's milestone reaches the stage (reached keeps the first time), and the
 * recognition is valid from its {@code time};</li>
 * <li>the renewal's milestone (the gradient's re-review) makes it valid from its
 * {@code time} again;</li>
 * <li>an exit's milestone (a withdrawal, a revocation) moves the enterprise to the
 * exit;</li>
 * <li>in a programme whose renewal has a lapse: when the validity (from the last
 * recognition or renewal, added in UTC like the lifecycle does) ends before the
 * enterprise's next milestone, or, after its last one, at or before the <em>horizon</em>,
 * the enterprise takes the lapse exit at that instant.</li>
 * </ul>
 * The horizon is the log's clock the lifecycle decides lapses by: the acceptance time of
 * the records. A lapse is decided once a record accepted at or after its instant is on
 * the enterprise's partition; every enterprise's milestones are accepted after the feed
 * starts, so every lapse whose instant lies before the feed's start is decided, and none
 * after its end until something else is accepted. Hence the expected current counts "now"
 * are these figures with the horizon at the feed's start, provided no lapse instant falls
 * while the feed runs ({@link #lapseWithin}).
 * <p>
 * Only histories in which every step is legal in time order are followed (the demo's):
 * any other is refused with an {@link IllegalStateException}, the scenario's bug.
 */
public final class ExpectedFunnel {

	/** China Standard Time: an {@code asOf} date ends at its midnight there. */
	private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	private final Programme programme;

	private final List<Course> courses;

	private ExpectedFunnel(Programme programme, List<Course> courses) {
		this.programme = programme;
		this.courses = courses;
	}

	/**
	 * The funnel of the programme's milestones among {@code milestones} (the others are
	 * ignored), lapses decided up to {@code horizon}.
	 * @throws IllegalStateException if an enterprise's history has a step that is not
	 * legal in time order
	 */
	public static ExpectedFunnel of(Programme programme, List<DemoMilestone> milestones, Instant horizon) {
		Map<Uscc, List<DemoMilestone>> byEnterprise = new LinkedHashMap<>();
		for (DemoMilestone milestone : milestones) {
			if (milestone.programme().equals(programme.id())) {
				byEnterprise.computeIfAbsent(milestone.subject(), (key) -> new ArrayList<>()).add(milestone);
			}
		}
		Map<Object, Integer> order = new HashMap<>();
		programme.milestoneTypes().forEach((type) -> order.put(type, order.size()));
		List<Course> courses = new ArrayList<>();
		byEnterprise.forEach((enterprise, history) -> {
			List<DemoMilestone> ordered = new ArrayList<>(history);
			ordered.sort(Comparator.comparing((DemoMilestone milestone) -> milestone.time().toInstant())
				.thenComparing((milestone) -> order.get(milestone.type())));
			courses.add(Course.follow(programme, enterprise, ordered, horizon));
		});
		return new ExpectedFunnel(programme, List.copyOf(courses));
	}

	/** The figures now: every step, and the lapses up to the horizon. */
	public Figures now() {
		return now(Map.of());
	}

	/**
	 * The figures now of the enterprises whose entering milestone carries every attribute
	 * value of {@code filter} ({@code district}, {@code industry} or one the programme
	 * declares, such as {@code highTech}).
	 */
	public Figures now(Map<String, String> filter) {
		return figures(null, filter);
	}

	/**
	 * The figures as of the end of {@code date} in China Standard Time, as
	 * {@code GET /api/v1/analytics?asOf=} reads a date: reached counts the stages first
	 * reached before the next day's midnight, current the stage each enterprise was in
	 * then.
	 */
	public Figures asOf(LocalDate date, Map<String, String> filter) {
		return figures(date.plusDays(1).atStartOfDay().toInstant(CHINA), filter);
	}

	/**
	 * A lapse instant after {@code from} and at or before {@code to}, if there is one: a
	 * lapse the log's clock may or may not have reached, so that the current counts are
	 * not determined by the horizon alone (an end-to-end test checks the feed ran across
	 * none).
	 */
	public Optional<Instant> lapseWithin(Instant from, Instant to) {
		return this.courses.stream()
			.flatMap((course) -> course.lapseDue().stream())
			.filter((due) -> due.isAfter(from) && !due.isAfter(to))
			.findFirst();
	}

	private Figures figures(Instant cutoff, Map<String, String> filter) {
		Map<Stage, Long> reached = new LinkedHashMap<>();
		Map<Stage, Long> current = new LinkedHashMap<>();
		for (Stage stage : this.programme.allStages()) {
			reached.put(stage, 0L);
			current.put(stage, 0L);
		}
		for (Course course : this.courses) {
			if (!course.matches(filter)) {
				continue;
			}
			course.reachedAt()
				.forEach((stage, at) -> reached.merge(stage, (cutoff == null || at.isBefore(cutoff)) ? 1L : 0L,
						Long::sum));
			course.stageAt(cutoff).ifPresent((stage) -> current.merge(stage, 1L, Long::sum));
		}
		return new Figures(reached, current);
	}

	/**
	 * Reached and current per stage, exits included, in the programme's order.
	 *
	 * @param reached how many enterprises reached each stage
	 * @param current how many are in it
	 */
	public record Figures(Map<Stage, Long> reached, Map<Stage, Long> current) {

		public Figures {
			reached = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reached));
			current = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(current));
		}

		public long reached(Stage stage) {
			return this.reached.getOrDefault(stage, 0L);
		}

		public long current(Stage stage) {
			return this.current.getOrDefault(stage, 0L);
		}

	}

	/**
	 * One enterprise's course in the programme.
	 *
	 * @param attributes what its entering milestone carries
	 * @param reachedAt when it first reached each stage
	 * @param changes the stage it moved to, and when, in order
	 * @param lapseDue when its last recognition lapses, if it ends in a stage that can
	 * lapse (whether or not the horizon reached it)
	 */
	private record Course(DemoMilestone entering, Map<Stage, Instant> reachedAt, List<Change> changes,
			Optional<Instant> lapseDue) {

		boolean matches(Map<String, String> filter) {
			return filter.entrySet()
				.stream()
				.allMatch((wanted) -> wanted.getValue().equals(this.entering.attribute(wanted.getKey())));
		}

		Optional<Stage> stageAt(Instant cutoff) {
			Stage stage = null;
			for (Change change : this.changes) {
				if (cutoff == null || change.at().isBefore(cutoff)) {
					stage = change.stage();
				}
			}
			return Optional.ofNullable(stage);
		}

		static Course follow(Programme programme, Uscc enterprise, List<DemoMilestone> history, Instant horizon) {
			Optional<Programme.Renewal> lapsing = programme.renewal().filter((renewal) -> renewal.lapse().isPresent());
			Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
			List<Change> changes = new ArrayList<>();
			DemoMilestone entering = null;
			Stage stage = null;
			Instant validFrom = null;
			for (DemoMilestone milestone : history) {
				Instant at = milestone.time().toInstant();
				// a lapse the next milestone's time shows has passed
				if (validFrom != null && lapsing.isPresent()) {
					Instant due = due(lapsing.get(), validFrom);
					if (due.isBefore(at) && !due.isAfter(horizon)) {
						stage = lapsing.get().lapse().get();
						reachedAt.putIfAbsent(stage, due);
						changes.add(new Change(stage, due));
						validFrom = null;
					}
				}
				Programme.Step step = programme.step(milestone.type())
					.orElseThrow(() -> illegal(enterprise, milestone, "a type the programme does not declare"));
				boolean inFunnel = stage != null && !programme.isExit(stage);
				if (step instanceof Programme.Step.Reach reach) {
					int target = programme.rank(reach.definition().stage());
					int from = inFunnel ? programme.rank(stage) : -1;
					if (stage != null && !inFunnel && !programme.reentry()) {
						throw illegal(enterprise, milestone, "after the exit " + stage);
					}
					if (target <= from || (target > from + 1 && reach.definition().needsPredecessor())) {
						throw illegal(enterprise, milestone, "from " + stage);
					}
					if (target == 0) {
						entering = milestone;
					}
					stage = reach.definition().stage();
					reachedAt.putIfAbsent(stage, at);
					changes.add(new Change(stage, at));
					validFrom = at;
				}
				else if (step instanceof Programme.Step.Leave leave) {
					if (!inFunnel) {
						throw illegal(enterprise, milestone, "from " + stage);
					}
					stage = leave.definition().stage();
					reachedAt.putIfAbsent(stage, at);
					changes.add(new Change(stage, at));
					validFrom = null;
				}
				else {
					if (!inFunnel) {
						throw illegal(enterprise, milestone, "a renewal from " + stage);
					}
					validFrom = at;
				}
			}
			Optional<Instant> lapseDue = Optional.empty();
			if (validFrom != null && lapsing.isPresent()) {
				Instant due = due(lapsing.get(), validFrom);
				lapseDue = Optional.of(due);
				if (!due.isAfter(horizon)) {
					stage = lapsing.get().lapse().get();
					reachedAt.putIfAbsent(stage, due);
					changes.add(new Change(stage, due));
				}
			}
			if (entering == null) {
				throw new IllegalStateException(enterprise.value() + " never enters " + programme.id());
			}
			return new Course(entering, reachedAt, changes, lapseDue);
		}

		/** When a recognition valid from {@code from} lapses, added in UTC. */
		static Instant due(Programme.Renewal renewal, Instant from) {
			return from.atOffset(ZoneOffset.UTC).plus(renewal.validity()).toInstant();
		}

		private static IllegalStateException illegal(Uscc enterprise, DemoMilestone milestone, String why) {
			return new IllegalStateException("the scenario's " + milestone.type() + " " + milestone.id() + " of "
					+ enterprise.value() + " at " + milestone.time() + " is not a legal step: " + why);
		}

	}

	private record Change(Stage stage, Instant at) {
	}

}

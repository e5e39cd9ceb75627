package com.pilottracker.runner.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;

/**
 * Generates the demo's SME gradient (优质中小企业梯度培育), reported by the programme office: as of
 * 18 July 2025 (China Standard Time, end of day) 2,462 enterprises recognised as
 * innovative SMEs, 2,080 of them as specialised SMEs and 183 of those as "little giants",
 * of which 2,095 / 1,729 / 173 are national high-tech enterprises — the figures of the
 * bureau's letter.
 * <ul>
 * <li>Recognitions come in yearly batches, 2019 to 2025: the innovative SMEs on 15 April,
 * the specialised SMEs on 20 June, the ministry's little giants on 10 July (10:00 China
 * time). An enterprise climbs one tier at a time, each within two years of the one
 * before, so no tier lapses on the way up.</li>
 * <li>A recognition is valid three years. The office re-reviews the ones that expire in
 * its yearly session in March of that year ({@link #reReviewSession}: the 20th in 2022, a
 * day earlier each year, so a session is always before the expiry of the one three years
 * before it), through 2026: every recognition expiring by the end of 2026 is re-reviewed,
 * except the {@value #LAPSED} enterprises that lapse.</li>
 * <li>{@value #REVOKED} enterprises are revoked (a day between their last recognition and
 * mid-November 2026), which lowers current, never reached.</li>
 * <li>After the letter: {@value #INNOVATIVE_AFTER} more innovative SMEs on 15 October
 * 2025, and {@value #SPECIALISED_AFTER} innovative SMEs of 2024 and 2025 promoted to
 * specialised on 20 November 2025, so the figures as of 18 July 2025 differ from today's.
 * </li>
 * <li>Districts and industries are spread like the pilot's; {@value #SHARED_WITH_PILOT}
 * of the enterprises are also in the pilot (same code, district, industry and name); the
 * others' codes are valid and distinct from the pilot's.</li>
 * </ul>
 * The same seed always gives the same milestones. The expected figures come from
 * {@link ExpectedFunnel}: current counts depend on the instant the lifecycle's log clock
 * has reached when the feed ends, because a recognition that is not re-reviewed lapses
 * then — nothing the office reports.
 */
public final class GradientScenario {

	/** The date of the bureau's letter. */
	public static final LocalDate AS_OF = LocalDate.of(2025, 7, 18);

	/** Innovative SMEs recognised by {@link #AS_OF}. */
	public static final int INNOVATIVE = 2462;

	/** Specialised SMEs recognised by {@link #AS_OF}. */
	public static final int SPECIALISED = 2080;

	/** Little giants recognised by {@link #AS_OF}. */
	public static final int LITTLE_GIANT = 183;

	/** National high-tech enterprises among {@link #INNOVATIVE}. */
	public static final int INNOVATIVE_HIGH_TECH = 2095;

	/** National high-tech enterprises among {@link #SPECIALISED}. */
	public static final int SPECIALISED_HIGH_TECH = 1729;

	/** National high-tech enterprises among {@link #LITTLE_GIANT}. */
	public static final int LITTLE_GIANT_HIGH_TECH = 173;

	/** Innovative SMEs of the batch of 15 October 2025, after the letter. */
	public static final int INNOVATIVE_AFTER = 48;

	/** National high-tech enterprises among {@link #INNOVATIVE_AFTER}. */
	public static final int INNOVATIVE_AFTER_HIGH_TECH = 39;

	/** Specialised SMEs of the batch of 20 November 2025, after the letter. */
	public static final int SPECIALISED_AFTER = 26;

	/** Enterprises whose recognition lapses, not re-reviewed (all by the end of 2026). */
	public static final int LAPSED = 64;

	/** Enterprises the office revokes. */
	public static final int REVOKED = 23;

	/** Enterprises that are in the pilot too. */
	public static final int SHARED_WITH_PILOT = 137;

	/** The last year the office's re-review session has been held. */
	public static final int LAST_RE_REVIEW_SESSION = 2026;

	private static final int FIRST_YEAR = 2019;

	private static final int LAST_YEAR = 2025;

	private static final ZoneOffset CHINA = XiamenScenario.CHINA;

	private static final LocalTime BATCH_TIME = LocalTime.of(10, 0);

	private static final LocalDate AFTER_INNOVATIVE = LocalDate.of(2025, 10, 15);

	private static final LocalDate AFTER_SPECIALISED = LocalDate.of(2025, 11, 20);

	/** No revocation is dated later. */
	private static final LocalDate LAST_REVOCATION = LocalDate.of(2026, 11, 15);

	private static final String OFFICE = OfficeApi.OFFICE_SOURCE;

	private static final Programme GRADIENT = Programmes.gradient();

	private static final Stage INNOVATIVE_STAGE = stage("INNOVATIVE");

	private static final Stage SPECIALISED_STAGE = stage("SPECIALISED");

	private static final Stage LITTLE_GIANT_STAGE = stage("LITTLE_GIANT");

	private static final MilestoneType REVOKED_MILESTONE = GRADIENT.exit(stage("REVOKED")).milestone().orElseThrow();

	private static final MilestoneType RE_REVIEWED_MILESTONE = GRADIENT.renewal().orElseThrow().milestone();

	/** Weights of the years 2019 to 2025 for the batch of an enterprise's top tier. */
	private static final double[] INNOVATIVE_YEARS = { 0.02, 0.03, 0.05, 0.10, 0.20, 0.28, 0.32 };

	private static final double[] SPECIALISED_YEARS = { 0.05, 0.07, 0.10, 0.16, 0.20, 0.22, 0.20 };

	private static final double[] LITTLE_GIANT_YEARS = { 0.08, 0.10, 0.16, 0.18, 0.18, 0.16, 0.14 };

	/** How many years before its next tier an enterprise reached the one below. */
	private static final double[] CLIMB = { 0.30, 0.45, 0.25 };

	private GradientScenario() {
	}

	/** The milestones that reach a stage of the gradient. */
	public static MilestoneType milestoneOf(Stage stage) {
		return GRADIENT.definition(stage).milestone();
	}

	/**
	 * The re-review session of {@code year}: in March, the 20th in 2022 and a day earlier
	 * each year after.
	 */
	public static OffsetDateTime reReviewSession(int year) {
		return OffsetDateTime.of(LocalDate.of(year, 3, 20 - (year - 2022)), BATCH_TIME, CHINA);
	}

	/**
	 * The gradient's milestones, in time order. The enterprises it shares with the pilot
	 * are the pilot's of the same seed ({@link XiamenScenario#generate}).
	 */
	public static List<DemoMilestone> generate(long seed) {
		Random random = new Random(seed ^ 0x4752414449454E54L);
		List<Plan> plans = plans(random);
		List<XiamenScenario.Enterprise> enterprises = enterprises(seed, plans.size(), random);
		List<Integer> order = shuffled(plans.size(), random);
		Set<Integer> promoted = pick(order, SPECIALISED_AFTER, (i) -> plans.get(i).tiers().size() == 1
				&& plans.get(i).years()[0] >= 2024 && plans.get(i).top() != null, Set.of(), plans);
		Set<Integer> lapsing = pick(order, LAPSED, (i) -> firstExpiryYear(plans.get(i)) <= LAST_RE_REVIEW_SESSION,
				promoted, plans);
		Set<Integer> both = new LinkedHashSet<>(promoted);
		both.addAll(lapsing);
		Set<Integer> revoked = pick(order, REVOKED, (i) -> true, both, plans);

		List<DemoMilestone> milestones = new ArrayList<>();
		for (int i = 0; i < plans.size(); i++) {
			Plan plan = plans.get(i);
			XiamenScenario.Enterprise enterprise = enterprises.get(i);
			List<OffsetDateTime> reaches = new ArrayList<>();
			for (int tier = 0; tier < plan.tiers().size(); tier++) {
				reaches.add(batch(plan.tiers().get(tier), plan.years()[tier]));
			}
			if (plan.top() == null) {
				reaches.set(0, OffsetDateTime.of(AFTER_INNOVATIVE, BATCH_TIME, CHINA));
			}
			List<Stage> tiers = new ArrayList<>(plan.tiers());
			if (promoted.contains(i)) {
				tiers.add(SPECIALISED_STAGE);
				reaches.add(OffsetDateTime.of(AFTER_SPECIALISED, BATCH_TIME, CHINA));
			}
			for (int tier = 0; tier < tiers.size(); tier++) {
				Map<String, String> data = new LinkedHashMap<>();
				Map<String, String> attributes = Map.of();
				if (tier == 0) {
					data.put("district", enterprise.district());
					data.put("industry", enterprise.industry());
					data.put("enterpriseName", enterprise.name());
					attributes = Map.of("highTech", Boolean.toString(plan.highTech()));
				}
				milestones
					.add(milestone(enterprise, milestoneOf(tiers.get(tier)), "", reaches.get(tier), data, attributes));
			}
			List<OffsetDateTime> reviews = reReviews(reaches.get(reaches.size() - 1));
			if (lapsing.contains(i)) {
				reviews = reviews.subList(0, random.nextInt(reviews.size()));
			}
			if (revoked.contains(i)) {
				OffsetDateTime last = reaches.get(reaches.size() - 1);
				OffsetDateTime end = reviews.isEmpty() ? last.plusYears(3)
						: reviews.get(reviews.size() - 1).plusYears(3);
				LocalDate from = last.toLocalDate().plusDays(30);
				LocalDate to = end.toLocalDate().minusDays(1);
				to = to.isAfter(LAST_REVOCATION) ? LAST_REVOCATION : to;
				LocalDate day = from.plusDays(random.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 1));
				OffsetDateTime on = OffsetDateTime.of(day, LocalTime.of(9 + random.nextInt(9), random.nextInt(60)),
						CHINA);
				reviews = reviews.stream().filter((review) -> review.isBefore(on)).toList();
				reviews.forEach((review) -> milestones.add(milestone(enterprise, RE_REVIEWED_MILESTONE,
						"-" + review.getYear(), review, Map.of(), Map.of())));
				milestones.add(milestone(enterprise, REVOKED_MILESTONE, "", on, Map.of(), Map.of()));
			}
			else {
				reviews.forEach((review) -> milestones.add(milestone(enterprise, RE_REVIEWED_MILESTONE,
						"-" + review.getYear(), review, Map.of(), Map.of())));
			}
		}
		milestones.sort(Comparator.comparing((DemoMilestone milestone) -> milestone.time().toInstant())
			.thenComparing(DemoMilestone::id));
		return List.copyOf(milestones);
	}

	/**
	 * The re-reviews that keep a recognition of {@code recognised} valid: one in the
	 * session of each year in which it would expire, through
	 * {@link #LAST_RE_REVIEW_SESSION}.
	 */
	static List<OffsetDateTime> reReviews(OffsetDateTime recognised) {
		List<OffsetDateTime> reviews = new ArrayList<>();
		Instant validFrom = recognised.toInstant();
		while (true) {
			Instant expires = validFrom.atOffset(ZoneOffset.UTC)
				.plus(GRADIENT.renewal().orElseThrow().validity())
				.toInstant();
			int year = expires.atOffset(CHINA).getYear();
			if (year > LAST_RE_REVIEW_SESSION) {
				return reviews;
			}
			OffsetDateTime session = reReviewSession(year);
			if (!session.toInstant().isBefore(expires) || !session.toInstant().isAfter(validFrom)) {
				throw new IllegalStateException("no session between " + validFrom + " and " + expires);
			}
			reviews.add(session);
			validFrom = session.toInstant();
		}
	}

	/** The year the first recognition of the plan would lapse without a re-review. */
	private static int firstExpiryYear(Plan plan) {
		return (plan.top() == null) ? Integer.MAX_VALUE : plan.years()[plan.years().length - 1] + 3;
	}

	/**
	 * Every enterprise's tiers and years: the letter's figures by top tier and high-tech
	 * status, then the innovative SMEs of October 2025 ({@code top} null), in an order of
	 * the seed.
	 */
	private static List<Plan> plans(Random random) {
		List<Plan> plans = new ArrayList<>();
		int littleGiants = LITTLE_GIANT;
		int specialised = SPECIALISED - LITTLE_GIANT;
		int innovative = INNOVATIVE - SPECIALISED;
		int littleGiantsHighTech = LITTLE_GIANT_HIGH_TECH;
		int specialisedHighTech = SPECIALISED_HIGH_TECH - LITTLE_GIANT_HIGH_TECH;
		int innovativeHighTech = INNOVATIVE_HIGH_TECH - SPECIALISED_HIGH_TECH;
		for (int i = 0; i < littleGiants; i++) {
			plans.add(plan(LITTLE_GIANT_STAGE, i < littleGiantsHighTech, random));
		}
		for (int i = 0; i < specialised; i++) {
			plans.add(plan(SPECIALISED_STAGE, i < specialisedHighTech, random));
		}
		for (int i = 0; i < innovative; i++) {
			plans.add(plan(INNOVATIVE_STAGE, i < innovativeHighTech, random));
		}
		Collections.shuffle(plans, random);
		for (int i = 0; i < INNOVATIVE_AFTER; i++) {
			plans.add(new Plan(List.of(INNOVATIVE_STAGE), new int[] { 2025 }, i < INNOVATIVE_AFTER_HIGH_TECH, null));
		}
		return plans;
	}

	private static Plan plan(Stage top, boolean highTech, Random random) {
		int rank = GRADIENT.rank(top);
		double[] weights = (rank == 2) ? LITTLE_GIANT_YEARS : (rank == 1) ? SPECIALISED_YEARS : INNOVATIVE_YEARS;
		int[] years = new int[rank + 1];
		years[rank] = FIRST_YEAR + XiamenScenario.pick(weights, random);
		for (int tier = rank - 1; tier >= 0; tier--) {
			years[tier] = Math.max(FIRST_YEAR, years[tier + 1] - XiamenScenario.pick(CLIMB, random));
		}
		return new Plan(GRADIENT.funnelStages().subList(0, rank + 1), years, highTech, top);
	}

	/**
	 * The enterprises: {@link #SHARED_WITH_PILOT} of the pilot's at places of the seed,
	 * the others new, with valid codes of their district distinct from every other.
	 */
	private static List<XiamenScenario.Enterprise> enterprises(long seed, int count, Random random) {
		List<XiamenScenario.Enterprise> pilot = new ArrayList<>(XiamenScenario.enterprises(seed));
		Set<String> codes = new LinkedHashSet<>();
		pilot.forEach((enterprise) -> codes.add(enterprise.uscc().value()));
		Collections.shuffle(pilot, random);
		List<Integer> places = shuffled(count, random);
		Set<Integer> shared = new LinkedHashSet<>(places.subList(0, SHARED_WITH_PILOT));
		List<String> districts = new ArrayList<>(XiamenScenario.DISTRICTS.keySet());
		List<XiamenScenario.Enterprise> enterprises = new ArrayList<>();
		int nextShared = 0;
		for (int i = 0; i < count; i++) {
			if (shared.contains(i)) {
				enterprises.add(pilot.get(nextShared++));
				continue;
			}
			XiamenScenario.Enterprise enterprise = null;
			while (enterprise == null) {
				String district = districts.get(XiamenScenario.pick(XiamenScenario.DISTRICT_WEIGHTS, random));
				String industry = XiamenScenario.INDUSTRIES
					.get(XiamenScenario.pick(XiamenScenario.INDUSTRY_WEIGHTS, random));
				StringBuilder first17 = new StringBuilder("91").append(XiamenScenario.DISTRICTS.get(district))
					.append("MA");
				for (int c = 0; c < 7; c++) {
					first17.append(Uscc.ALPHABET.charAt(random.nextInt(Uscc.ALPHABET.length())));
				}
				String code = first17 + String.valueOf(Uscc.checkCharacterFor(first17.toString()));
				if (codes.add(code)) {
					enterprise = new XiamenScenario.Enterprise(new Uscc(code), district, industry,
							XiamenScenario.name(district, industry, random));
				}
			}
			enterprises.add(enterprise);
		}
		return enterprises;
	}

	/**
	 * {@code count} places in {@code order} that {@code eligible} accepts and
	 * {@code taken} does not hold.
	 */
	private static Set<Integer> pick(List<Integer> order, int count, java.util.function.IntPredicate eligible,
			Set<Integer> taken, List<Plan> plans) {
		Set<Integer> picked = new LinkedHashSet<>();
		for (int i : order) {
			if (picked.size() == count) {
				break;
			}
			if (eligible.test(i) && !taken.contains(i)) {
				picked.add(i);
			}
		}
		if (picked.size() < count) {
			throw new IllegalStateException("only " + picked.size() + " of " + plans.size() + " enterprises fit");
		}
		return picked;
	}

	private static OffsetDateTime batch(Stage tier, int year) {
		int rank = GRADIENT.rank(tier);
		LocalDate day = (rank == 2) ? LocalDate.of(year, 7, 10)
				: (rank == 1) ? LocalDate.of(year, 6, 20) : LocalDate.of(year, 4, 15);
		return OffsetDateTime.of(day, BATCH_TIME, CHINA);
	}

	private static List<Integer> shuffled(int size, Random random) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			order.add(i);
		}
		Collections.shuffle(order, random);
		return order;
	}

	/** {@code demo-gradient-innovative-<uscc>}, a re-review's with its year. */
	private static DemoMilestone milestone(XiamenScenario.Enterprise enterprise, MilestoneType type, String suffix,
			OffsetDateTime time, Map<String, String> data, Map<String, String> attributes) {
		String id = "demo-" + type.value().replace('.', '-') + "-" + enterprise.uscc().value() + suffix;
		return new DemoMilestone(id, OFFICE, type, enterprise.uscc(), time, data, attributes);
	}

	private static Stage stage(String name) {
		return GRADIENT.stage(name).orElseThrow(() -> new IllegalStateException("the gradient has no stage " + name));
	}

	/**
	 * One enterprise's recognitions.
	 *
	 * @param tiers the tiers it reaches by the letter, from the first
	 * @param years the year of each tier's batch
	 * @param highTech whether it is a national high-tech enterprise
	 * @param top its top tier by the letter, {@code null} for an innovative SME of
	 * October 2025
	 */
	private record Plan(List<Stage> tiers, int[] years, boolean highTech, Stage top) {
	}

}

package com.pilottracker.runner.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
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
 * Generates the demo's pilot: 942 enterprises solicited across Xiamen's six districts and
 * eight industries during 2024, 566 of them contracted with a provider, 302 of those at
 * pre-acceptance by mid-2025, and some withdrawals from the open stages (which lower
 * {@code current}, never {@code reached}). The same seed always gives the same
 * milestones. The demo feeds the SME gradient beside it ({@link GradientScenario},
 * {@link #demo(long)}).
 */
public final class XiamenScenario {

	public static final int SOLICITED = 942;

	public static final int CONTRACTED = 566;

	public static final int PRE_ACCEPTANCE = 302;

	/** Withdrawn after solicitation, before a contract. */
	public static final int WITHDRAWN_SOLICITED = 41;

	/** Withdrawn after a contract, before pre-acceptance. */
	public static final int WITHDRAWN_CONTRACTED = 23;

	public static final long DEFAULT_SEED = 20250718L;

	/** The six districts and their administrative-division codes (USCC positions 3-8). */
	public static final Map<String, String> DISTRICTS = orderedMap("思明区", "350203", "海沧区", "350205", "湖里区", "350206",
			"集美区", "350211", "同安区", "350212", "翔安区", "350213");

	/** Industries of the city's "4+4+6" system named in the letter, and two more. */
	public static final List<String> INDUSTRIES = List.of("电子信息", "光学视讯", "光电信息材料", "新能源", "航空无人机", "船舶卫星通信", "生物医药",
			"新材料");

	/**
	 * Service providers, the first winning the most contracts. CEPREI is the letter's own
	 * example; the others are made up (the demo names no other real company).
	 */
	public static final List<String> PROVIDERS = List.of("ceprei", "lujiang-digital", "haixi-industrial-cloud",
			"jimei-smart-manufacturing", "wuyuan-software", "xiangan-iot", "binhai-mes", "gulangyu-consulting",
			"yundang-cloud", "tongan-data");

	/**
	 * Each provider's entry in the office's registry of service organisations: its names
	 * in Chinese and English and its service domains.
	 */
	public static final Map<String, List<String>> PROVIDER_REGISTRY = Map.of("ceprei",
			List.of("工业和信息化部电子第五研究所",
					"CEPREI (China Electronic Product Reliability and Environmental Testing Research Institute)",
					"DIGITALISATION", "INNOVATION_AND_QUALITY", "MANAGEMENT_CONSULTING"),
			"lujiang-digital", List.of("鹭江数智科技有限公司", "Lujiang Digital Intelligence Technology", "DIGITALISATION"),
			"haixi-industrial-cloud", List.of("海西工业云服务有限公司", "Haixi Industrial Cloud Services", "DIGITALISATION"),
			"jimei-smart-manufacturing",
			List.of("集美智造咨询有限公司", "Jimei Smart Manufacturing Consulting", "DIGITALISATION", "MANAGEMENT_CONSULTING"),
			"wuyuan-software", List.of("五缘湾软件有限公司", "Wuyuan Bay Software", "DIGITALISATION"), "xiangan-iot",
			List.of("翔安物联科技有限公司", "Xiang'an IoT Technology", "DIGITALISATION", "INNOVATION_AND_QUALITY"), "binhai-mes",
			List.of("滨海制造执行系统有限公司", "Binhai MES Systems", "DIGITALISATION"), "gulangyu-consulting",
			List.of("鼓浪屿管理咨询有限公司", "Gulangyu Management Consulting", "MANAGEMENT_CONSULTING", "TALENT_AND_TRAINING"),
			"yundang-cloud", List.of("筼筜云计算有限公司", "Yundang Cloud Computing", "DIGITALISATION"), "tongan-data",
			List.of("同安数据服务有限公司", "Tong'an Data Services", "DIGITALISATION", "FINANCE_AND_TAX"));

	static final double[] DISTRICT_WEIGHTS = { 0.16, 0.17, 0.20, 0.18, 0.15, 0.14 };

	static final double[] INDUSTRY_WEIGHTS = { 0.24, 0.12, 0.09, 0.14, 0.08, 0.07, 0.13, 0.13 };

	static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	private static final String OFFICE = "/programme-office";

	private static final Programme PILOT = Programmes.pilot();

	private static final MilestoneType SOLICITED_MILESTONE = milestoneOf("SOLICITED");

	private static final MilestoneType CONTRACTED_MILESTONE = milestoneOf("CONTRACTED");

	private static final MilestoneType PRE_ACCEPTANCE_MILESTONE = milestoneOf("PRE_ACCEPTANCE");

	private static final MilestoneType WITHDRAWN_MILESTONE = milestoneOf("WITHDRAWN");

	/**
	 * How far back the demo's providers date their milestones: they post the programme's
	 * history since 2024 as it happened, so the services the demo feeds are started with
	 * this {@code PILOT_PROVIDER_BACKDATE_LIMIT} instead of the 90 days a live provider
	 * gets.
	 */
	public static final String PROVIDER_BACKDATE_LIMIT = "3650d";

	/**
	 * Since when the demo's milestones date: the gradient's first yearly batch is in
	 * 2019, so the services the demo feeds are started with this
	 * {@code PILOT_PROGRAMME_START} instead of the gateway's default (the gateway refuses
	 * a milestone dated before the programme started).
	 */
	public static final String PROGRAMME_START = "2019-01-01T00:00:00+08:00";

	private XiamenScenario() {
	}

	/**
	 * Every milestone the demo feeds: the pilot's ({@link #generate}), then the
	 * gradient's ({@link GradientScenario#generate}), each in time order.
	 */
	public static List<DemoMilestone> demo(long seed) {
		List<DemoMilestone> demo = new ArrayList<>(generate(seed));
		demo.addAll(GradientScenario.generate(seed));
		return List.copyOf(demo);
	}

	/**
	 * The pilot's milestones in the order a live programme would report them (by time).
	 */
	public static List<DemoMilestone> generate(long seed) {
		Random random = new Random(seed);
		List<Enterprise> enterprises = enterprises(random);
		List<DemoMilestone> milestones = new ArrayList<>();
		List<Integer> order = shuffled(enterprises.size(), random);
		Set<Integer> contracted = new LinkedHashSet<>(order.subList(0, CONTRACTED));
		List<Integer> contractedOrder = new ArrayList<>(contracted);
		Set<Integer> preAcceptance = new LinkedHashSet<>(contractedOrder.subList(0, PRE_ACCEPTANCE));
		Set<Integer> withdrawnContracted = new LinkedHashSet<>(
				contractedOrder.subList(PRE_ACCEPTANCE, PRE_ACCEPTANCE + WITHDRAWN_CONTRACTED));
		Set<Integer> withdrawnSolicited = new LinkedHashSet<>(
				order.subList(CONTRACTED, CONTRACTED + WITHDRAWN_SOLICITED));

		LocalDate end = LocalDate.of(2025, 6, 30);
		for (int i = 0; i < enterprises.size(); i++) {
			Enterprise enterprise = enterprises.get(i);
			LocalDate solicitedOn = LocalDate.of(2024, 1, 8).plusDays(random.nextInt(340));
			milestones.add(milestone(enterprise, SOLICITED_MILESTONE, OFFICE, at(solicitedOn, random),
					Map.of("district", enterprise.district(), "industry", enterprise.industry(), "enterpriseName",
							enterprise.name())));
			LocalDate last = solicitedOn;
			String provider = null;
			if (contracted.contains(i)) {
				provider = PROVIDERS.get(Math.min(PROVIDERS.size() - 1, (int) Math.abs(random.nextGaussian() * 3.2)));
				last = solicitedOn.plusDays(25 + random.nextInt(140));
				milestones.add(milestone(enterprise, CONTRACTED_MILESTONE, "/providers/" + provider, at(last, random),
						Map.of("provider", provider)));
			}
			if (preAcceptance.contains(i)) {
				LocalDate due = last.plusDays(60 + random.nextInt(200));
				last = due.isAfter(end) ? end.minusDays(random.nextInt(20)) : due;
				milestones.add(milestone(enterprise, PRE_ACCEPTANCE_MILESTONE, "/providers/" + provider,
						at(last, random), Map.of()));
			}
			if (withdrawnSolicited.contains(i) || withdrawnContracted.contains(i)) {
				LocalDate on = last.plusDays(15 + random.nextInt(120));
				String source = (provider != null) ? "/providers/" + provider : OFFICE;
				milestones.add(milestone(enterprise, WITHDRAWN_MILESTONE, source,
						at(on.isAfter(end) ? end : on, random), Map.of()));
			}
		}
		milestones.sort((a, b) -> a.time().compareTo(b.time()));
		return milestones;
	}

	/** The funnel the scenario must produce: reached and current for every stage. */
	public static Map<Stage, long[]> expectedFunnel() {
		Map<Stage, long[]> funnel = new LinkedHashMap<>();
		funnel.put(stage("SOLICITED"), new long[] { SOLICITED, SOLICITED - CONTRACTED - WITHDRAWN_SOLICITED });
		funnel.put(stage("CONTRACTED"), new long[] { CONTRACTED, CONTRACTED - PRE_ACCEPTANCE - WITHDRAWN_CONTRACTED });
		funnel.put(stage("PRE_ACCEPTANCE"), new long[] { PRE_ACCEPTANCE, PRE_ACCEPTANCE });
		long withdrawn = WITHDRAWN_SOLICITED + WITHDRAWN_CONTRACTED;
		funnel.put(stage("WITHDRAWN"), new long[] { withdrawn, withdrawn });
		return funnel;
	}

	/**
	 * The pilot's enterprises for the seed, as {@link #generate} makes them (the gradient
	 * recognises some of them too).
	 */
	static List<Enterprise> enterprises(long seed) {
		return enterprises(new Random(seed));
	}

	private static List<Enterprise> enterprises(Random random) {
		List<String> districts = new ArrayList<>(DISTRICTS.keySet());
		Set<String> codes = new LinkedHashSet<>();
		List<Enterprise> enterprises = new ArrayList<>();
		while (enterprises.size() < SOLICITED) {
			String district = districts.get(pick(DISTRICT_WEIGHTS, random));
			String industry = INDUSTRIES.get(pick(INDUSTRY_WEIGHTS, random));
			StringBuilder first17 = new StringBuilder("91").append(DISTRICTS.get(district));
			first17.append("MA");
			for (int i = 0; i < 7; i++) {
				first17.append(Uscc.ALPHABET.charAt(random.nextInt(Uscc.ALPHABET.length())));
			}
			String code = first17 + String.valueOf(Uscc.checkCharacterFor(first17.toString()));
			if (codes.add(code)) {
				enterprises.add(new Enterprise(new Uscc(code), district, industry, name(district, industry, random)));
			}
		}
		return enterprises;
	}

	private static final List<String> NAME_STEMS = List.of("嘉", "鹭", "海", "闽", "鑫", "恒", "宏", "信", "达", "瑞", "华", "锐",
			"拓", "辰", "捷", "盛");

	static String name(String district, String industry, Random random) {
		String stem = NAME_STEMS.get(random.nextInt(NAME_STEMS.size()))
				+ NAME_STEMS.get(random.nextInt(NAME_STEMS.size()));
		String trade = switch (industry) {
			case "电子信息" -> "电子科技";
			case "光学视讯", "光电信息材料" -> "光电科技";
			case "新能源" -> "新能源科技";
			case "航空无人机" -> "航空科技";
			case "船舶卫星通信" -> "通信技术";
			case "生物医药" -> "生物科技";
			default -> "材料科技";
		};
		return "厦门" + stem + trade + "有限公司";
	}

	static int pick(double[] weights, Random random) {
		double r = random.nextDouble();
		for (int i = 0; i < weights.length - 1; i++) {
			r -= weights[i];
			if (r < 0) {
				return i;
			}
		}
		return weights.length - 1;
	}

	private static List<Integer> shuffled(int size, Random random) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			order.add(i);
		}
		Collections.shuffle(order, random);
		return order;
	}

	private static OffsetDateTime at(LocalDate day, Random random) {
		return OffsetDateTime.of(day, LocalTime.of(9 + random.nextInt(9), random.nextInt(60)), CHINA);
	}

	private static DemoMilestone milestone(Enterprise enterprise, MilestoneType type, String source,
			OffsetDateTime time, Map<String, String> data) {
		// the ids of the release before programmes were data:
		// "demo-pre-acceptance-<uscc>"
		String id = "demo-" + type.value().substring(type.value().indexOf('.') + 1) + "-" + enterprise.uscc().value();
		return new DemoMilestone(id, source, type, enterprise.uscc(), time, data);
	}

	private static Map<String, String> orderedMap(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return Collections.unmodifiableMap(map);
	}

	private static Stage stage(String name) {
		return PILOT.stage(name).orElseThrow(() -> new IllegalStateException("the pilot has no stage " + name));
	}

	/** The milestone type that reaches the pilot's stage or exit called {@code name}. */
	private static MilestoneType milestoneOf(String name) {
		Stage stage = stage(name);
		return PILOT.isExit(stage) ? PILOT.exit(stage).milestone().orElseThrow() : PILOT.definition(stage).milestone();
	}

	/**
	 * An enterprise of the demo.
	 *
	 * @param uscc its code
	 * @param district its district
	 * @param industry its industry
	 * @param name its registered name
	 */
	record Enterprise(Uscc uscc, String district, String industry, String name) {
	}

}

package com.pilottracker.runner.fault;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotMilestones;

/**
 * The fault test's load and its ground truth. Each enterprise follows a legal path
 * (solicited, maybe contracted, maybe at pre-acceptance, maybe withdrawn); its milestones
 * are posted in order or shuffled (out-of-order steps, held then applied), some are
 * posted again (duplicates), and some enterprises get one illegal step whose rejection is
 * known in advance. The ground truth is counted from the paths alone, without the
 * product.
 */
final class FaultScenario {

	private static final List<String> DISTRICTS = List.of("思明区", "海沧区", "湖里区", "集美区", "同安区", "翔安区");

	private static final List<String> INDUSTRIES = List.of("电子信息", "光学视讯", "光电信息材料", "新能源", "航空无人机", "船舶卫星通信", "生物医药",
			"新材料");

	final List<List<Post>> sequences = new ArrayList<>();

	final Map<Stage, long[]> groundTruth = new LinkedHashMap<>();

	int posts;

	FaultScenario(long seed, int minimumPosts, Instant now) {
		Random random = new Random(seed);
		for (Stage stage : Programmes.pilot().allStages()) {
			this.groundTruth.put(stage, new long[2]);
		}
		Instant base = now.minus(Duration.ofDays(20));
		for (int index = 0; this.posts < minimumPosts; index++) {
			List<Post> sequence = enterprise(index, base, random);
			this.sequences.add(sequence);
			this.posts += sequence.size();
		}
		Collections.shuffle(this.sequences, random);
	}

	private List<Post> enterprise(int index, Instant base, Random random) {
		String first17 = "913502" + String.format("%011d", index);
		Uscc uscc = new Uscc(first17 + Uscc.checkCharacterFor(first17));
		List<MilestoneType> path = new ArrayList<>(List.of(PilotMilestones.SOLICITED));
		if (random.nextInt(100) < 60) {
			path.add(PilotMilestones.CONTRACTED);
			if (random.nextInt(100) < 50) {
				path.add(PilotMilestones.PRE_ACCEPTANCE);
			}
		}
		if (random.nextInt(100) < 15) {
			path.add(PilotMilestones.WITHDRAWN);
		}
		String provider = "provider-" + random.nextInt(12);
		Instant time = base.plus(Duration.ofMinutes(random.nextInt(2 * 24 * 60)));
		List<Post> legal = new ArrayList<>();
		Map<MilestoneType, Instant> times = new LinkedHashMap<>();
		for (MilestoneType type : path) {
			times.put(type, time);
			legal.add(new Post(uscc.value() + "-" + stageOf(type).name(), source(type, provider), type, uscc, time,
					data(type, random, provider), null));
			time = time.plus(Duration.ofHours(24 + random.nextInt(48)));
		}
		count(path);

		List<Post> sequence = new ArrayList<>(legal);
		if (random.nextInt(100) < 30) {
			Collections.shuffle(sequence, random);
		}
		if (random.nextInt(100) < 15) {
			sequence.add(illegal(uscc, path, times, provider, random));
		}
		for (int copies = random.nextInt(100) < 40 ? 1 + random.nextInt(2) : 0; copies > 0; copies--) {
			sequence.add(legal.get(random.nextInt(legal.size())));
		}
		return sequence;
	}

	private Post illegal(Uscc uscc, List<MilestoneType> path, Map<MilestoneType, Instant> times, String provider,
			Random random) {
		String id = uscc.value() + "-ILLEGAL";
		if (path.contains(PilotMilestones.WITHDRAWN)) {
			return new Post(id, source(PilotMilestones.CONTRACTED, provider), PilotMilestones.CONTRACTED, uscc,
					times.get(PilotMilestones.WITHDRAWN).plus(Duration.ofHours(1)),
					data(PilotMilestones.CONTRACTED, random, provider), RejectionReason.AFTER_WITHDRAWAL);
		}
		if (path.contains(PilotMilestones.PRE_ACCEPTANCE)) {
			return new Post(id, "/programme-office", PilotMilestones.SOLICITED, uscc,
					times.get(PilotMilestones.PRE_ACCEPTANCE).plus(Duration.ofHours(1)),
					data(PilotMilestones.SOLICITED, random, provider), RejectionReason.STEP_BACKWARDS);
		}
		return new Post(id, "/programme-office", PilotMilestones.SOLICITED, uscc,
				times.get(PilotMilestones.SOLICITED).plus(Duration.ofHours(1)),
				data(PilotMilestones.SOLICITED, random, provider), RejectionReason.STAGE_ALREADY_REACHED);
	}

	private void count(List<MilestoneType> path) {
		for (MilestoneType type : path) {
			this.groundTruth.get(stageOf(type))[0]++;
		}
		this.groundTruth.get(stageOf(path.get(path.size() - 1)))[1]++;
	}

	/** The stage or exit a pilot milestone leads to, by the pilot's definition. */
	static Stage stageOf(MilestoneType type) {
		Programme.Step step = Programmes.pilot().step(type).orElseThrow();
		if (step instanceof Programme.Step.Reach reach) {
			return reach.definition().stage();
		}
		if (step instanceof Programme.Step.Leave leave) {
			return leave.definition().stage();
		}
		throw new IllegalArgumentException(type + " reaches no stage");
	}

	/**
	 * A provider reports its contract; the office reports the rest, in any order (a
	 * provider's pre-acceptance before its contract is accepted would be refused 403, so
	 * the office's reports are what exercise holding out-of-order steps here).
	 */
	private static String source(MilestoneType type, String provider) {
		return type.equals(PilotMilestones.CONTRACTED) ? "/providers/" + provider : "/programme-office";
	}

	private static Map<String, Object> data(MilestoneType type, Random random, String provider) {
		if (type.equals(PilotMilestones.SOLICITED)) {
			return Map.of("district", DISTRICTS.get(random.nextInt(DISTRICTS.size())), "industry",
					INDUSTRIES.get(random.nextInt(INDUSTRIES.size())));
		}
		if (type.equals(PilotMilestones.CONTRACTED)) {
			return Map.of("provider", provider);
		}
		return Map.of();
	}

	/**
	 * One milestone to post.
	 *
	 * @param expectedRejection {@code null} for a legal step, otherwise the reason it
	 * must be rejected with
	 */
	record Post(String id, String source, MilestoneType type, Uscc subject, Instant time, Map<String, Object> data,
			RejectionReason expectedRejection) {

		Map<String, Object> cloudEvent() {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("specversion", "1.0");
			event.put("id", this.id);
			event.put("source", this.source);
			event.put("type", this.type.cloudEventType());
			event.put("subject", this.subject.value());
			event.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(this.time.atOffset(ZoneOffset.ofHours(8))));
			event.put("data", this.data);
			return event;
		}

	}

}

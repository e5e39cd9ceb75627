package com.pilottracker.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;

/**
 * Enterprises no earlier phase of the run has used, and their milestones in the pilot: as
 * CloudEvents request bodies for the gateway, and as {@link Milestone}s for the topic.
 * Every enterprise is in 思明区 (division 350203, as its code says), with valid reference
 * data.
 */
public final class Enterprises {

	/** The programme the benchmarks load. */
	public static final Programme PILOT = Programmes.pilot();

	/** The pilot's first stage's milestone: it enters the programme. */
	public static final MilestoneType SOLICITED = milestoneOf("SOLICITED");

	/** The pilot's contract: names the provider. */
	public static final MilestoneType CONTRACTED = milestoneOf("CONTRACTED");

	public static final MilestoneType PRE_ACCEPTANCE = milestoneOf("PRE_ACCEPTANCE");

	public static final MilestoneType WITHDRAWN = milestoneOf("WITHDRAWN");

	private static final String OFFICE = "/programme-office";

	private static final String PROVIDER = "bench-provider";

	private static final List<String> INDUSTRIES = List.of("电子信息", "光学视讯", "新能源", "生物医药");

	private static final OffsetDateTime SOLICITED_AT = OffsetDateTime.parse("2025-03-03T10:00:00+08:00");

	private final AtomicLong next = new AtomicLong(1);

	/** Takes {@code count} fresh enterprise numbers; answers the first. */
	public long take(int count) {
		return this.next.getAndAdd(count);
	}

	/** The enterprise's Unified Social Credit Code, with its check character. */
	public static String uscc(long number) {
		String first17 = "91350203" + String.format("%09d", number);
		return first17 + Uscc.checkCharacterFor(first17);
	}

	/** A structured-mode CloudEvent that solicits the enterprise. */
	public static byte[] solicitation(long number) {
		return solicitationJson(number).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A batch-mode body: solicitations of {@code count} enterprises from {@code first}.
	 */
	public static byte[] solicitationBatch(long first, int count) {
		StringBuilder body = new StringBuilder(count * 320).append('[');
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				body.append(',');
			}
			body.append(solicitationJson(first + i));
		}
		return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String solicitationJson(long number) {
		return "{\"specversion\":\"1.0\",\"id\":\"bench-" + number + "-solicited\",\"source\":\"" + OFFICE
				+ "\",\"type\":\"" + SOLICITED.cloudEventType() + "\",\"subject\":\"" + uscc(number) + "\",\"time\":\""
				+ SOLICITED_AT + "\",\"datacontenttype\":\"application/json\","
				+ "\"data\":{\"district\":\"思明区\",\"industry\":\"" + industry(number) + "\",\"enterpriseName\":\"基准测试企业"
				+ number + "\"}}";
	}

	/**
	 * The enterprise's milestone of the given type, not accepted yet
	 * ({@link Milestone#acceptedAt()} null).
	 */
	public static Milestone milestone(long number, MilestoneType type) {
		Uscc uscc = new Uscc(uscc(number));
		String id = "bench-" + number + "-" + type.value().substring(type.value().indexOf('.') + 1);
		if (type.equals(SOLICITED)) {
			return new Milestone(id, OFFICE, type, uscc, SOLICITED_AT.toInstant(), null,
					new MilestoneData("思明区", industry(number), null, "基准测试企业" + number));
		}
		if (type.equals(CONTRACTED)) {
			return new Milestone(id, "/providers/" + PROVIDER, type, uscc, days(40), null,
					new MilestoneData(null, null, PROVIDER, null));
		}
		if (type.equals(PRE_ACCEPTANCE)) {
			return new Milestone(id, "/providers/" + PROVIDER, type, uscc, days(160), null, MilestoneData.none());
		}
		if (type.equals(WITHDRAWN)) {
			return new Milestone(id, OFFICE, type, uscc, days(60), null, MilestoneData.none());
		}
		throw new IllegalArgumentException("the benchmarks post no " + type);
	}

	/**
	 * The enterprise's milestone of the given type as the gateway would put it on the
	 * topic: accepted at {@code acceptedAt}, the record's timestamp.
	 */
	public static Milestone milestone(long number, MilestoneType type, Instant acceptedAt) {
		return milestone(number, type).acceptedAt(acceptedAt);
	}

	private static Instant days(int after) {
		return SOLICITED_AT.plusDays(after).toInstant();
	}

	/** The milestone type that reaches the pilot's stage or exit called {@code name}. */
	private static MilestoneType milestoneOf(String name) {
		Stage stage = PILOT.stage(name).orElseThrow(() -> new IllegalStateException("the pilot has no " + name));
		return PILOT.isExit(stage) ? PILOT.exit(stage).milestone().orElseThrow() : PILOT.definition(stage).milestone();
	}

	private static String industry(long number) {
		return INDUSTRIES.get((int) (number % INDUSTRIES.size()));
	}

}

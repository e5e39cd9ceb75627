package com.pilottracker.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;

/**
 * Enterprises no earlier phase of the run has used, and their milestones: as CloudEvents
 * request bodies for the gateway, and as {@link Milestone}s for the topic. Every
 * enterprise is in 思明区 (division 350203, as its code says), with valid reference data.
 */
public final class Enterprises {

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
				+ "\",\"type\":\"" + MilestoneType.SOLICITED.cloudEventType() + "\",\"subject\":\"" + uscc(number)
				+ "\",\"time\":\"" + SOLICITED_AT + "\",\"datacontenttype\":\"application/json\","
				+ "\"data\":{\"district\":\"思明区\",\"industry\":\"" + industry(number) + "\",\"enterpriseName\":\"基准测试企业"
				+ number + "\"}}";
	}

	/**
	 * The enterprise's milestone of the given type, as the gateway would put it on the
	 * topic.
	 */
	public static Milestone milestone(long number, MilestoneType type) {
		Uscc uscc = new Uscc(uscc(number));
		String id = "bench-" + number + "-" + type.name().toLowerCase(java.util.Locale.ROOT);
		return switch (type) {
			case SOLICITED -> new Milestone(id, OFFICE, type, uscc, SOLICITED_AT.toInstant(),
					new MilestoneData("思明区", industry(number), null, "基准测试企业" + number));
			case CONTRACTED -> new Milestone(id, "/providers/" + PROVIDER, type, uscc, days(40),
					new MilestoneData(null, null, PROVIDER, null));
			case PRE_ACCEPTANCE ->
				new Milestone(id, "/providers/" + PROVIDER, type, uscc, days(160), MilestoneData.none());
			case WITHDRAWN -> new Milestone(id, OFFICE, type, uscc, days(60), MilestoneData.none());
		};
	}

	private static Instant days(int after) {
		return SOLICITED_AT.plusDays(after).toInstant();
	}

	private static String industry(long number) {
		return INDUSTRIES.get((int) (number % INDUSTRIES.size()));
	}

}

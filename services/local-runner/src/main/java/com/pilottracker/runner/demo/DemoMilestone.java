package com.pilottracker.runner.demo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;

/**
 * One milestone of the demo, as a provider would post it.
 *
 * @param id the CloudEvents id
 * @param source the CloudEvents source
 * @param type the milestone
 * @param subject the enterprise
 * @param time when the step happened, in China Standard Time
 * @param data the CloudEvent's data
 */
public record DemoMilestone(String id, String source, MilestoneType type, Uscc subject, OffsetDateTime time,
		Map<String, String> data) {

	/** The structured-mode CloudEvent for {@code POST /api/v1/milestones}. */
	public Map<String, Object> cloudEvent() {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", this.id);
		event.put("source", this.source);
		event.put("type", this.type.cloudEventType());
		event.put("subject", this.subject.value());
		event.put("time", this.time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		event.put("datacontenttype", "application/json");
		event.put("data", this.data);
		return event;
	}

}

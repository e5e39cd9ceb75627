package com.pilottracker.runner.demo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;

/**
 * One milestone of the demo, as a provider or the office would post it.
 *
 * @param id the CloudEvents id
 * @param source the CloudEvents source
 * @param type the milestone
 * @param subject the enterprise
 * @param time when the step happened, in China Standard Time
 * @param data the CloudEvent's data, besides the programme's own attributes
 * @param attributes the programme's own attributes ({@code data.attributes}, for example
 * the gradient's {@code highTech}), empty for none
 */
public record DemoMilestone(String id, String source, MilestoneType type, Uscc subject, OffsetDateTime time,
		Map<String, String> data, Map<String, String> attributes) {

	public DemoMilestone {
		data = Map.copyOf(data);
		attributes = Map.copyOf(attributes);
	}

	/** A milestone without attributes of its programme's own. */
	public DemoMilestone(String id, String source, MilestoneType type, Uscc subject, OffsetDateTime time,
			Map<String, String> data) {
		this(id, source, type, subject, time, data, Map.of());
	}

	/** The id of the milestone's programme: its type's first word. */
	public String programme() {
		return this.type.programmeId();
	}

	/**
	 * The value of an attribute the milestone carries: {@code district} and
	 * {@code industry} from its data, the others from its attributes; {@code null} if it
	 * carries none.
	 */
	public String attribute(String name) {
		return this.data.containsKey(name) ? this.data.get(name) : this.attributes.get(name);
	}

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
		Map<String, Object> data = new LinkedHashMap<>(this.data);
		if (!this.attributes.isEmpty()) {
			data.put("attributes", this.attributes);
		}
		event.put("data", data);
		return event;
	}

}

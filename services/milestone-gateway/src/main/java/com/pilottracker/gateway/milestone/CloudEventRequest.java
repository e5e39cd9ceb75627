package com.pilottracker.gateway.milestone;

import java.util.Map;

/**
 * A milestone as a provider posts it: a CloudEvents 1.0 JSON object (structured mode).
 * Fields stay text here; {@link MilestoneRequestValidator} turns a valid one into a
 * {@link com.pilottracker.contracts.Milestone}.
 */
record CloudEventRequest(String specversion, String id, String source, String type, String subject, String time,
		String datacontenttype, Map<String, Object> data) {

}

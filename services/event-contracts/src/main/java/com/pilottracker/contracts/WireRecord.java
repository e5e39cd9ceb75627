package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * One event as a Kafka record carries it, without Kafka's types: key, headers (as UTF-8
 * text), value bytes and the record's timestamp.
 *
 * @param key the record key (the enterprise's USCC)
 * @param headers the headers
 * @param value the value
 * @param timestamp the record's timestamp: on {@link Topics#MILESTONES}, when the gateway
 * accepted the milestone; {@code null} to let the producer choose
 */
public record WireRecord(String key, Map<String, String> headers, byte[] value, Instant timestamp) {

	public WireRecord {
		headers = Map.copyOf(headers);
	}

	public WireRecord(String key, Map<String, String> headers, byte[] value) {
		this(key, headers, value, null);
	}

	public String header(String name) {
		return this.headers.get(name);
	}

}

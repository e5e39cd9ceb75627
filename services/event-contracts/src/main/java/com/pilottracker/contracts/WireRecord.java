package com.pilottracker.contracts;

import java.util.Map;

/**
 * One event as a Kafka record carries it, without Kafka's types: key, headers (as UTF-8
 * text) and value bytes.
 */
public record WireRecord(String key, Map<String, String> headers, byte[] value) {

	public WireRecord {
		headers = Map.copyOf(headers);
	}

	public String header(String name) {
		return this.headers.get(name);
	}

}

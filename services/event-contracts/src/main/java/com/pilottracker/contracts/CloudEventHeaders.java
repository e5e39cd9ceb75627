package com.pilottracker.contracts;

/**
 * Header names of the CloudEvents Kafka protocol binding, binary content mode: every
 * context attribute is a {@code ce_} header, the {@code data} is the record value and its
 * media type is the {@code content-type} header.
 */
public final class CloudEventHeaders {

	public static final String SPEC_VERSION = "ce_specversion";

	public static final String ID = "ce_id";

	public static final String SOURCE = "ce_source";

	public static final String TYPE = "ce_type";

	public static final String SUBJECT = "ce_subject";

	public static final String TIME = "ce_time";

	public static final String CONTENT_TYPE = "content-type";

	/**
	 * The extension attribute naming the programme of a stage change or a decision (see
	 * {@code docs/decisions/0018-the-programme-on-the-wire.md}); a record without it is
	 * the pilot's.
	 */
	public static final String PROGRAMME = "ce_programme";

	public static final String SPEC_VERSION_1_0 = "1.0";

	public static final String APPLICATION_JSON = "application/json";

	private CloudEventHeaders() {
	}

	/**
	 * The headers of an event in binary mode, in the order they are written, data as
	 * JSON.
	 */
	static java.util.Map<String, String> binaryMode(String id, String source, String type, String subject,
			java.time.Instant time) {
		java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
		headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
		headers.put(ID, id);
		headers.put(SOURCE, source);
		headers.put(TYPE, type);
		headers.put(SUBJECT, subject);
		headers.put(TIME, time.toString());
		headers.put(CONTENT_TYPE, APPLICATION_JSON);
		return headers;
	}

	/**
	 * Refuses a record of another CloudEvents version than 1.0.
	 * @throws MalformedEventException if {@code ce_specversion} is missing or not 1.0
	 */
	static void requireVersion1(WireRecord record) {
		String specVersion = record.header(SPEC_VERSION);
		if (!SPEC_VERSION_1_0.equals(specVersion)) {
			throw new MalformedEventException((specVersion == null) ? "missing header " + SPEC_VERSION
					: "unsupported ce_specversion '" + specVersion + "'");
		}
	}

}

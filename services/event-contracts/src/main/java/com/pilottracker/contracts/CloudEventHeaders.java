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

	public static final String SPEC_VERSION_1_0 = "1.0";

	public static final String APPLICATION_JSON = "application/json";

	private CloudEventHeaders() {
	}

}

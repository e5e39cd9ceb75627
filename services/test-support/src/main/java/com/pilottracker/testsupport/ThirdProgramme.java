package com.pilottracker.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.ProgrammeRevision;
import com.pilottracker.contracts.ProgrammeRevisionCodec;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.WireRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A third programme, given only as a definition the office would post: the digital
 * diagnosis action of the letter (千员万企), two stages, reported by the office. Each test
 * names it with an id of its own, so tests sharing a broker do not meet.
 */
public final class ThirdProgramme {

	private ThirdProgramme() {
	}

	/**
	 * The definition's JSON, revision {@code revision}, its diagnosed stage named
	 * {@code diagnosedEn}.
	 */
	public static String json(String id, int revision, String diagnosedEn) {
		return """
				{
				  "id": "%1$s",
				  "revision": %2$d,
				  "name": { "zh": "千员万企数字化诊断", "en": "digital diagnosis for every enterprise" },
				  "stages": [
				    { "stage": "DIAGNOSED", "name": { "zh": "完成免费诊断", "en": "%3$s" },
				      "milestone": "%1$s.diagnosed", "reportedBy": "OFFICE", "stalledAfter": "P60D" },
				    { "stage": "RETROFITTING", "name": { "zh": "启动改造", "en": "retrofit started" },
				      "milestone": "%1$s.retrofit-started", "needsPredecessor": true, "reportedBy": "OFFICE" }
				  ],
				  "exits": [],
				  "reentry": false,
				  "holdLimit": "P30D",
				  "attributes": [
				    { "name": "district", "label": { "zh": "区", "en": "district" }, "kind": "DISTRICT", "required": true },
				    { "name": "industry", "label": { "zh": "行业", "en": "industry" }, "kind": "INDUSTRY", "required": true }
				  ]
				}
				"""
			.formatted(id, revision, diagnosedEn);
	}

	/** The definition, revision 1. */
	public static Programme definition(String id) {
		return Programmes.read(json(id, 1, "diagnosed").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The record the gateway writes to {@link Topics#PROGRAMMES} for a definition made at
	 * {@code at}, for tests that stand in for the gateway.
	 */
	public static ProducerRecord<String, byte[]> revisionRecord(Programme definition, Instant at) {
		WireRecord wire = ProgrammeRevisionCodec
			.encode(new ProgrammeRevision(definition, at, "office-test", "defined by a test"));
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.PROGRAMMES, null, at.toEpochMilli(),
				wire.key(), wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	/** An id no other test uses. */
	public static String uniqueId(String prefix) {
		return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
	}

}

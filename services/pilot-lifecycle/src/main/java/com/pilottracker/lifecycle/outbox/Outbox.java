package com.pilottracker.lifecycle.outbox;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.WireRecord;
import com.pilottracker.kafka.Traces;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The {@code outbox} table. */
@Component
public class Outbox {

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	private final DatabaseClient db;

	Outbox(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Adds records, in order, with one statement; call it inside the transaction of the
	 * changes the records announce.
	 */
	public Mono<Void> enqueue(List<Pending> records) {
		if (records.isEmpty()) {
			return Mono.empty();
		}
		int size = records.size();
		String[] topics = new String[size];
		String[] keys = new String[size];
		String[] headers = new String[size];
		String[] values = new String[size];
		for (int i = 0; i < size; i++) {
			Pending pending = records.get(i);
			Map<String, String> carried = new LinkedHashMap<>(pending.record().headers());
			if (pending.traceparent() != null) {
				carried.put(Traces.TRACEPARENT, pending.traceparent());
			}
			topics[i] = pending.topic();
			keys[i] = pending.record().key();
			headers[i] = JSON.writeValueAsString(carried);
			// r2dbc-postgresql writes a bytea[] parameter as text and loses its
			// backslashes: the bytes travel as base64 text instead
			values[i] = BASE64.encodeToString(pending.record().value());
		}
		// seq follows the order of the arrays: the relay sends in seq order
		return this.db.sql("""
				INSERT INTO outbox (topic, record_key, headers, value)
				SELECT topic, record_key, headers::jsonb, decode(value, 'base64')
				FROM unnest(:topics::text[], :keys::text[], :headers::text[], :values::text[]) WITH ORDINALITY
				    AS r(topic, record_key, headers, value, n)
				ORDER BY n
				""").bind("topics", topics).bind("keys", keys).bind("headers", headers).bind("values", values).then();
	}

	Flux<Entry> oldest(int limit) {
		return this.db.sql("SELECT seq, topic, record_key, headers, value FROM outbox ORDER BY seq LIMIT :limit")
			.bind("limit", limit)
			.map((row) -> new Entry(row.get("seq", Long.class), row.get("topic", String.class),
					new WireRecord(row.get("record_key", String.class),
							JSON.readValue(row.get("headers", Json.class).asString(), HEADERS),
							row.get("value", byte[].class))))
			.all();
	}

	Mono<Long> delete(List<Long> sequences) {
		return this.db.sql("DELETE FROM outbox WHERE seq = ANY(:seqs)")
			.bind("seqs", sequences.toArray(new Long[0]))
			.fetch()
			.rowsUpdated();
	}

	/**
	 * How many records wait, at most: the span of sequence numbers between the oldest and
	 * the newest row (rolled-back inserts leave gaps, so it may count a few too many).
	 * Two index look-ups, where {@code count(*)} would read a backlog of a million rows
	 * on every pass of the relay.
	 */
	Mono<Long> pending() {
		return this.db.sql("SELECT coalesce(max(seq) - min(seq) + 1, 0) AS n FROM outbox")
			.map((row) -> row.get("n", Long.class))
			.one();
	}

	/**
	 * Takes the relay's lock for the current transaction; only one relay sends at a time.
	 */
	Mono<Boolean> tryLockForRelay() {
		return this.db.sql("SELECT pg_try_advisory_xact_lock(hashtext('pilot-lifecycle.outbox')) AS locked")
			.map((row) -> row.get("locked", Boolean.class))
			.one();
	}

	record Entry(long seq, String topic, WireRecord record) {
	}

	/**
	 * A record to add.
	 *
	 * @param topic where the relay sends it
	 * @param record the record
	 * @param traceparent the trace of the milestone that caused it, added as the
	 * {@code traceparent} header; {@code null} for none
	 */
	public record Pending(String topic, WireRecord record, String traceparent) {
	}

}

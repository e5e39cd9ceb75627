package com.pilottracker.lifecycle.outbox;

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

	private final DatabaseClient db;

	Outbox(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Adds a record; call it inside the transaction of the change the record announces.
	 */
	public Mono<Void> enqueue(String topic, WireRecord record) {
		// the record carries the trace of the milestone that caused it
		return Traces.current().flatMap((trace) -> {
			Map<String, String> headers = new java.util.LinkedHashMap<>(record.headers());
			trace.ifPresent((traceparent) -> headers.put(Traces.TRACEPARENT, traceparent));
			return this.db
				.sql("INSERT INTO outbox (topic, record_key, headers, value) VALUES (:topic, :key, :headers, :value)")
				.bind("topic", topic)
				.bind("key", record.key())
				.bind("headers", Json.of(JSON.writeValueAsString(headers)))
				.bind("value", record.value())
				.then();
		});
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

	Mono<Long> pending() {
		return this.db.sql("SELECT count(*) AS n FROM outbox").map((row) -> row.get("n", Long.class)).one();
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

}

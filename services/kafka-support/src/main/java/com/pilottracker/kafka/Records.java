package com.pilottracker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pilottracker.contracts.WireRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Kafka records to and from the contracts' {@link WireRecord}: headers as UTF-8 text. */
public final class Records {

	private Records() {
	}

	/**
	 * A consumed record as the codecs read it; the last value of a repeated header wins.
	 */
	public static WireRecord wire(ConsumerRecord<String, byte[]> record) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			if (header.value() != null) {
				headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
			}
		}
		return new WireRecord(record.key(), headers, record.value());
	}

	/** The record to send for an encoded event. */
	public static ProducerRecord<String, byte[]> producerRecord(String topic, WireRecord wire) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, wire.key(), wire.value());
		for (Map.Entry<String, String> header : wire.headers().entrySet()) {
			record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	/**
	 * The record to send for an encoded event, with the event's
	 * {@link WireRecord#timestamp()} as the record's timestamp (an office's revision:
	 * when it was made).
	 */
	public static ProducerRecord<String, byte[]> timestampedRecord(String topic, WireRecord wire) {
		ProducerRecord<String, byte[]> plain = producerRecord(topic, wire);
		return new ProducerRecord<>(topic, null, (wire.timestamp() != null) ? wire.timestamp().toEpochMilli() : null,
				plain.key(), plain.value(), plain.headers());
	}

}

package com.pilottracker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.pilottracker.contracts.WireRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsTests {

	@Test
	void carriesKeyHeadersAndValueBothWaysAsUtf8() {
		WireRecord wire = new WireRecord("91350203MA2YQ8LX3B", Map.of("ce_id", "m-1", "ce_source", "/providers/厦门"),
				"{\"district\":\"思明区\"}".getBytes(StandardCharsets.UTF_8));

		ProducerRecord<String, byte[]> produced = Records.producerRecord("pilot.milestones", wire);
		ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>("pilot.milestones", 0, 0, produced.key(),
				produced.value());
		produced.headers().forEach((header) -> consumed.headers().add(header));

		assertThat(produced.topic()).isEqualTo("pilot.milestones");
		assertThat(Records.wire(consumed)).usingRecursiveComparison().isEqualTo(wire);
	}

	@Test
	void keepsTheLastValueOfARepeatedHeader() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "k", new byte[0]);
		record.headers().add("ce_id", "first".getBytes(StandardCharsets.UTF_8));
		record.headers().add("ce_id", "last".getBytes(StandardCharsets.UTF_8));

		assertThat(Records.wire(record).header("ce_id")).isEqualTo("last");
	}

}

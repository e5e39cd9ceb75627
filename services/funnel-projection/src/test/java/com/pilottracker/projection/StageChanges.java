package com.pilottracker.projection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Stage changes as the lifecycle writes them, for the projection's tests.
 */
public final class StageChanges {

	private StageChanges() {
	}

	/**
	 * A pilot change: the stages up to the current one (or up to the one withdrawn from,
	 * and the withdrawal), each at {@code time} plus its position in seconds when
	 * {@code spread}, else at {@code time}.
	 */
	public static StageChanged pilot(Uscc enterprise, Stage from, Stage to, long version, String district,
			String industry, Instant time, boolean spread) {
		Programme pilot = Programmes.pilot();
		Stage last = pilot.isExit(to) ? from : to;
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		for (Stage stage : pilot.funnelStages()) {
			if (last != null && pilot.rank(stage) <= pilot.rank(last)) {
				reachedAt.put(stage, spread ? time.plusSeconds(pilot.rank(stage)) : time);
			}
		}
		reachedAt.put(to, spread ? time.plusSeconds(Math.max(0, pilot.rank(to)) + (pilot.isExit(to) ? 3 : 0)) : time);
		return new StageChanged(UUID.randomUUID().toString(), Programmes.PILOT, enterprise, from, to, version,
				reachedAt, spread ? time.plusSeconds(version) : time, spread ? time.plusSeconds(10 + version) : time,
				"/providers/test", "m-" + version, district, industry,
				(to.equals(pilot.funnelStages().get(0))) ? null : "CEPREI", Map.of());
	}

	/** A change of any programme, with the stage times given. */
	public static StageChanged of(String programme, Uscc enterprise, Stage from, Stage to, long version,
			Map<Stage, Instant> reachedAt, Instant occurredAt, Instant recordedAt, String district, String industry,
			String provider, Map<String, String> attributes) {
		return new StageChanged(StageChangedCodec.eventIdFor(programme, enterprise, version), programme, enterprise,
				from, to, version, reachedAt, occurredAt, recordedAt, "/programme-office",
				"m-" + programme + "-" + enterprise.value() + "-" + version, district, industry, provider, attributes);
	}

	/** A fresh enterprise. */
	public static Uscc enterprise() {
		String first17 = ("91350206" + UUID.randomUUID().toString().replaceAll("[^0-9]", "") + "000000000").substring(0,
				17);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

	/** Sends the changes to the topic as the lifecycle does, one after the other. */
	public static void send(KafkaProducer<String, byte[]> producer, List<StageChanged> changes) {
		for (StageChanged change : changes) {
			WireRecord wire = StageChangedCodec.encode(change);
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.STAGE_CHANGES, wire.key(),
					wire.value());
			wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
			try {
				producer.send(record).get();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}

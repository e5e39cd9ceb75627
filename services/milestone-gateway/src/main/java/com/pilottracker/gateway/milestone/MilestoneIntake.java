package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.gateway.receipt.Receipt;
import com.pilottracker.gateway.receipt.ReceiptStore;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Takes in a valid milestone exactly once, whatever the number of times it is posted:
 * <ol>
 * <li>the receipt is recorded in PostgreSQL, keyed by source and id, with a hash of the
 * milestone;</li>
 * <li>the milestone goes to Kafka, and the receipt is marked published once the broker
 * acknowledged it.</li>
 * </ol>
 * Posting a known milestone again returns its receipt; if it was never published (the
 * broker was down, or the gateway died in between) it is published now. The same source
 * and id with another body is a conflict. A milestone may thus reach the log twice, never
 * zero times once answered 2xx; the lifecycle recognises the second copy by source and
 * id.
 */
@Service
class MilestoneIntake {

	private final ReceiptStore receipts;

	private final MilestonePublisher publisher;

	private final Clock clock;

	MilestoneIntake(ReceiptStore receipts, MilestonePublisher publisher) {
		this.receipts = receipts;
		this.publisher = publisher;
		this.clock = Clock.systemUTC();
	}

	/** The milestone's receipt, once the milestone is durable in the event log. */
	Mono<Receipt> accept(Milestone milestone) {
		String hash = hash(MilestoneCodec.encode(milestone));
		return this.receipts.recordIfNew(milestone, hash, this.clock.instant())
			.flatMap((isNew) -> isNew ? publish(milestone) : again(milestone, hash))
			.then(Mono.defer(() -> this.receipts.find(milestone.source(), milestone.id())));
	}

	private Mono<Void> again(Milestone milestone, String hash) {
		return this.receipts.known(milestone.source(), milestone.id()).flatMap((known) -> {
			if (known.bodyHash() != null && !known.bodyHash().equals(hash)) {
				return Mono.error(new MilestoneConflictException(milestone.source(), milestone.id()));
			}
			return this.receipts.adopt(milestone, hash).then(known.published() ? Mono.empty() : publish(milestone));
		});
	}

	private Mono<Void> publish(Milestone milestone) {
		return this.publisher.publish(milestone).then(this.receipts.markPublished(milestone));
	}

	/**
	 * SHA-256 over the milestone as the log carries it: headers in name order, then the
	 * value.
	 */
	static String hash(WireRecord wire) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Map.Entry<String, String> header : new TreeMap<>(wire.headers()).entrySet()) {
				digest.update((header.getKey() + "=" + header.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
			}
			digest.update(wire.value());
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}

package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneCodec;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.gateway.receipt.Receipt;
import com.pilottracker.gateway.receipt.ReceiptKey;
import com.pilottracker.gateway.receipt.ReceiptStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Service;

/**
 * Takes in a valid milestone exactly once, whatever the number of times it is posted:
 * <ol>
 * <li>the receipt is recorded in PostgreSQL, keyed by source and id, with a hash of the
 * milestone: the one commit a milestone waits for (shared with the milestones recorded at
 * the same time), made before it is sent, so that a repeat after a crash finds the
 * receipt unpublished and publishes it;</li>
 * <li>the milestone goes to Kafka, and it is accepted once the broker acknowledged
 * it;</li>
 * <li>the receipt is then marked published, asynchronously and together with others
 * ({@link com.pilottracker.gateway.receipt.PublishedMarks}); nobody waits for the mark: a
 * provider's scope reads the lifecycle's decisions, not the marks.</li>
 * </ol>
 * The receipt answered is the one the first statement returned; nothing is read back.
 * Posting a known milestone again returns its receipt; if it was never published (the
 * broker was down, or the gateway died in between, or its mark was lost in a crash) it is
 * published now. The same source and id with another body is a conflict. A milestone may
 * thus reach the log twice, never zero times once answered 2xx; the lifecycle recognises
 * the second copy by source and id.
 * <p>
 * A batch takes the same steps set-based ({@link #acceptAll}): one statement records
 * every receipt, one reads the known ones, and every milestone to publish is sent before
 * any acknowledgement is waited for.
 */
@Service
class MilestoneIntake {

	private final ReceiptStore receipts;

	private final MilestonePublisher publisher;

	private final Clock clock;

	MilestoneIntake(ReceiptStore receipts, MilestonePublisher publisher) {
		this.receipts = receipts;
		this.publisher = publisher;
		// milliseconds: the receipt's receivedAt is the Kafka record's timestamp
		this.clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
	}

	/** The milestone's receipt, once the milestone is durable in the event log. */
	Mono<Submitted> accept(Milestone milestone) {
		WireRecord wire = MilestoneCodec.encode(milestone);
		String hash = hash(wire);
		return this.receipts.recordIfNew(milestone, hash)
			.flatMap((receipt) -> publish(milestone, acceptedAt(wire, receipt))
				.thenReturn(Submitted.accepted(receipt, false)))
			.switchIfEmpty(Mono.defer(() -> again(milestone, wire, hash)));
	}

	private Mono<Submitted> again(Milestone milestone, WireRecord wire, String hash) {
		return this.receipts.stored(ReceiptKey.of(milestone)).flatMap((stored) -> {
			if (conflicts(stored, hash)) {
				return Mono.error(new MilestoneConflictException(milestone.source(), milestone.id()));
			}
			return this.receipts.adoptIfLacking(stored, milestone, hash)
				.then(stored.published() ? Mono.empty() : publish(milestone, acceptedAt(wire, stored.receipt())))
				.thenReturn(Submitted.accepted(stored.receipt(), true));
		});
	}

	/**
	 * The record as the log carries it: its timestamp is the instant the gateway accepted
	 * the milestone, its receipt's {@code receivedAt} ({@link Milestone#acceptedAt}),
	 * even when a repeat publishes it later. The lifecycle counts hold limits and lapses
	 * against it, so its decisions are a function of the log alone.
	 */
	static WireRecord acceptedAt(WireRecord wire, Receipt receipt) {
		return new WireRecord(wire.key(), wire.headers(), wire.value(), receipt.receivedAt());
	}

	private Mono<Void> publish(Milestone milestone, WireRecord wire) {
		return this.publisher.publish(wire).then(Mono.defer(() -> marked(List.of(milestone))));
	}

	/**
	 * Each milestone's result, in order, once every milestone accepted is durable in the
	 * event log: the batch form of {@link #accept}, for milestones whose keys differ. A
	 * milestone the broker did not acknowledge is refused on its own. A milestone whose
	 * receipt cannot be recorded is refused, and the ones after it are not tried, as when
	 * a batch was taken in one milestone after the other; the receipt store failing
	 * otherwise fails them all.
	 */
	Mono<List<Submitted>> acceptAll(List<Milestone> milestones) {
		return Mono.defer(() -> {
			List<ReceiptStore.Incoming> incoming = new ArrayList<>(milestones.size());
			List<WireRecord> wires = new ArrayList<>(milestones.size());
			for (Milestone milestone : milestones) {
				WireRecord wire = MilestoneCodec.encode(milestone);
				wires.add(wire);
				incoming.add(new ReceiptStore.Incoming(milestone, hash(wire)));
			}
			Instant now = this.clock.instant();
			return this.receipts.recordAllIfNew(incoming, now)
				.map((fresh) -> new Recorded(fresh, incoming.size(), null))
				.onErrorResume((ex) -> incoming.size() > 1 && MilestoneSubmission.unavailable(ex),
						(ex) -> recordOneByOne(incoming, now))
				.flatMap((recorded) -> this.receipts
					.storedAll(incoming.subList(0, recorded.failedAt())
						.stream()
						.map((each) -> ReceiptKey.of(each.milestone()))
						.filter((key) -> !recorded.fresh().containsKey(key))
						.toList())
					.flatMap((known) -> acceptAll(incoming, wires, recorded, known)));
		});
	}

	/**
	 * Records the milestones one after the other, after their statement failed: so that
	 * one milestone the database refuses fails alone, and those before it are taken in,
	 * as when a batch was taken in one milestone after the other. The ones after it are
	 * not tried.
	 */
	private Mono<Recorded> recordOneByOne(List<ReceiptStore.Incoming> incoming, Instant now) {
		Map<ReceiptKey, Receipt> fresh = new HashMap<>();
		RuntimeException[] failure = new RuntimeException[1];
		return Flux.fromIterable(incoming)
			.concatMap((each) -> (failure[0] != null) ? Mono.empty()
					: this.receipts.recordOneIfNew(each, now)
						.doOnNext((receipt) -> fresh.put(ReceiptKey.of(each.milestone()), receipt))
						.then(Mono.just(each))
						.onErrorResume((ex) -> {
							failure[0] = (ex instanceof RuntimeException runtime) ? runtime
									: new IllegalStateException(ex);
							return Mono.empty();
						}))
			.count()
			.map((recorded) -> new Recorded(fresh, (failure[0] != null) ? recorded.intValue() : incoming.size(),
					failure[0]));
	}

	private Mono<List<Submitted>> acceptAll(List<ReceiptStore.Incoming> incoming, List<WireRecord> wires,
			Recorded recorded, Map<ReceiptKey, ReceiptStore.Stored> known) {
		Submitted[] results = new Submitted[incoming.size()];
		List<Integer> toPublish = new ArrayList<>();
		List<Mono<Void>> adoptions = new ArrayList<>();
		for (int i = 0; i < results.length; i++) {
			Milestone milestone = incoming.get(i).milestone();
			ReceiptKey key = ReceiptKey.of(milestone);
			Receipt receipt = recorded.fresh().get(key);
			ReceiptStore.Stored stored = known.get(key);
			if (i == recorded.failedAt()) {
				results[i] = Submitted.refused(recorded.failure());
			}
			else if (i > recorded.failedAt()) {
				results[i] = Submitted.notTried(recorded.failure());
			}
			else if (receipt != null) {
				results[i] = Submitted.accepted(receipt, false);
				toPublish.add(i);
			}
			else if (stored == null) {
				// receipts are never deleted: one that conflicted a moment ago is there
				results[i] = Submitted.refused(new EmptyResultDataAccessException("no receipt for " + key, 1));
			}
			else if (conflicts(stored, incoming.get(i).bodyHash())) {
				results[i] = Submitted.refused(new MilestoneConflictException(milestone.source(), milestone.id()));
			}
			else {
				adoptions.add(this.receipts.adoptIfLacking(stored, milestone, incoming.get(i).bodyHash()));
				results[i] = Submitted.accepted(stored.receipt(), true);
				if (!stored.published()) {
					toPublish.add(i);
				}
			}
		}
		return Flux.concat(adoptions)
			.then(Mono.defer(() -> publishAll(incoming, wires, toPublish, results)))
			.then(Mono.fromSupplier(() -> Arrays.asList(results)));
	}

	private Mono<Void> publishAll(List<ReceiptStore.Incoming> incoming, List<WireRecord> wires, List<Integer> toPublish,
			Submitted[] results) {
		List<WireRecord> sending = toPublish.stream()
			.map((i) -> acceptedAt(wires.get(i), results[i].receipt()))
			.toList();
		return this.publisher.publishAll(sending).flatMap((failures) -> {
			List<Integer> acknowledged = new ArrayList<>(toPublish.size());
			for (int j = 0; j < toPublish.size(); j++) {
				BrokerUnavailableException failure = failures.get(j);
				if (failure != null) {
					results[toPublish.get(j)] = Submitted.refused(failure);
				}
				else {
					acknowledged.add(toPublish.get(j));
				}
			}
			return marked(acknowledged.stream().map((i) -> incoming.get(i).milestone()).toList());
		});
	}

	/**
	 * Queues the published marks of milestones Kafka acknowledged, without waiting for
	 * them: a mark is only needed by a repeat, and a repeat that finds none publishes
	 * again (the lifecycle drops the second copy).
	 */
	private Mono<Void> marked(List<Milestone> published) {
		return this.receipts.markPublished(published.stream().map(ReceiptKey::of).toList(), false);
	}

	private static boolean conflicts(ReceiptStore.Stored stored, String hash) {
		return stored.bodyHash() != null && !stored.bodyHash().equals(hash);
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

	/**
	 * What a batch's statement recorded.
	 *
	 * @param fresh the new receipts, by key
	 * @param failedAt the position of the milestone whose recording failed (the ones
	 * after it were not tried), or the number of milestones
	 * @param failure why it failed, {@code null} if none did
	 */
	private record Recorded(Map<ReceiptKey, Receipt> fresh, int failedAt, RuntimeException failure) {
	}

}

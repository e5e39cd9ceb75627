package com.pilottracker.gateway.receipt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Records the receipts of milestones posted at the same time with one statement each
 * group: a milestone that finds one of the {@code lanes} free is inserted at once, alone;
 * the ones that come while every lane is busy wait, and go in together in the next free
 * lane. So a milestone waits for one commit, never for a timer, and under load one
 * statement and one commit serve many.
 * <p>
 * A group holds each key once (the second of two posted at the same time goes in the next
 * group, and finds the first's receipt). If a group's statement fails, each of its
 * milestones is inserted again on its own, so one that the database refuses fails alone.
 */
final class InsertGroups {

	private final Function<List<ReceiptStore.Incoming>, Mono<Map<ReceiptKey, Receipt>>> insertAll;

	private final Function<ReceiptStore.Incoming, Mono<Receipt>> insertOne;

	private final int lanes;

	private final int maxGroup;

	private final Object lock = new Object();

	/** Guarded by {@link #lock}. */
	private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

	/** Guarded by {@link #lock}. */
	private int busy;

	InsertGroups(Function<List<ReceiptStore.Incoming>, Mono<Map<ReceiptKey, Receipt>>> insertAll,
			Function<ReceiptStore.Incoming, Mono<Receipt>> insertOne, int lanes, int maxGroup) {
		this.insertAll = insertAll;
		this.insertOne = insertOne;
		this.lanes = Math.max(1, lanes);
		this.maxGroup = Math.max(1, maxGroup);
	}

	/** The new receipt, once its group is committed; empty if the milestone was known. */
	Mono<Receipt> record(ReceiptStore.Incoming incoming) {
		return Mono.create((sink) -> {
			synchronized (this.lock) {
				this.waiting.add(new Waiting(incoming, sink));
			}
			drain();
		});
	}

	private void drain() {
		List<List<Waiting>> groups = new ArrayList<>();
		synchronized (this.lock) {
			while (this.busy < this.lanes && !this.waiting.isEmpty()) {
				groups.add(take());
				this.busy++;
			}
		}
		groups.forEach(this::insert);
	}

	/** The next group, in order, each key once; the caller holds {@link #lock}. */
	private List<Waiting> take() {
		List<Waiting> group = new ArrayList<>();
		Set<ReceiptKey> keys = new HashSet<>();
		Iterator<Waiting> next = this.waiting.iterator();
		while (next.hasNext() && group.size() < this.maxGroup) {
			Waiting candidate = next.next();
			if (keys.add(ReceiptKey.of(candidate.incoming().milestone()))) {
				group.add(candidate);
				next.remove();
			}
		}
		return group;
	}

	private void insert(List<Waiting> group) {
		if (group.size() == 1) {
			Waiting alone = group.get(0);
			this.insertOne.apply(alone.incoming()).subscribe(alone.sink()::success, (ex) -> {
				alone.sink().error(ex);
				done();
			}, () -> {
				alone.sink().success();
				done();
			});
			return;
		}
		this.insertAll.apply(group.stream().map(Waiting::incoming).toList()).subscribe((inserted) -> {
			for (Waiting each : group) {
				each.sink().success(inserted.get(ReceiptKey.of(each.incoming().milestone())));
			}
		}, (ex) -> {
			// one milestone the database refuses must not fail the others
			for (Waiting each : group) {
				this.insertOne.apply(each.incoming())
					.subscribe(each.sink()::success, each.sink()::error, each.sink()::success);
			}
			done();
		}, this::done);
	}

	private void done() {
		synchronized (this.lock) {
			this.busy--;
		}
		drain();
	}

	private record Waiting(ReceiptStore.Incoming incoming, MonoSink<Receipt> sink) {
	}

}

package com.pilottracker.gateway.receipt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotMilestones;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;

class InsertGroupsTests {

	final List<List<String>> statements = new ArrayList<>();

	final List<Sinks.One<Map<ReceiptKey, Receipt>>> pending = new ArrayList<>();

	/** Ids committed. */
	final java.util.Set<String> recorded = new java.util.HashSet<>();

	/** Ids the database refuses. */
	final List<String> refused = new ArrayList<>();

	final InsertGroups groups = new InsertGroups(this::insertAll, this::insertOne, 1, 3);

	@Test
	void aMilestoneThatFindsTheLaneFreeIsInsertedAloneAndTheOthersWaitAndGoInTogether() {
		List<Result> results = new ArrayList<>();
		for (String id : List.of("a", "b", "c", "b", "d", "e")) {
			results.add(record(id));
		}
		assertThat(this.statements).containsExactly(List.of("a"));

		complete(0);
		// each key once, at most three
		assertThat(this.statements).containsExactly(List.of("a"), List.of("b", "c", "d"));
		complete(1);
		assertThat(this.statements).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("b", "e"));
		complete(2);

		assertThat(results).extracting(Result::receiptId)
			.containsExactly("a", "b", "c", null /* b was known by then */, "d", "e");
		assertThat(results).allMatch((result) -> result.done);
	}

	@Test
	void whenAGroupFailsEachMilestoneIsInsertedAgainAloneSoOnlyTheRefusedOneFails() {
		this.refused.add("bad");
		Result first = record("first");
		Result good = record("good");
		Result bad = record("bad");
		Result other = record("other");
		complete(0);

		this.pending.get(1).tryEmitError(new DataIntegrityViolationException("invalid byte sequence"));

		assertThat(this.statements).containsExactly(List.of("first"), List.of("good", "bad", "other"), List.of("good"),
				List.of("bad"), List.of("other"));
		complete(2);
		complete(4);
		assertThat(first.receiptId()).isEqualTo("first");
		assertThat(good.receiptId()).isEqualTo("good");
		assertThat(other.receiptId()).isEqualTo("other");
		assertThat(bad.error).isInstanceOf(DataIntegrityViolationException.class);
		assertThat(bad.receipt).isNull();
	}

	private Result record(String id) {
		Result result = new Result();
		this.groups.record(incoming(id))
			.subscribe((receipt) -> result.receipt = receipt, (ex) -> result.error = ex, () -> result.done = true);
		return result;
	}

	/**
	 * Completes a statement: every milestone in it is new, unless an earlier one had its
	 * key.
	 */
	private void complete(int statement) {
		Map<ReceiptKey, Receipt> inserted = new HashMap<>();
		for (String id : this.statements.get(statement)) {
			if (this.recorded.add(id)) {
				inserted.put(new ReceiptKey("/programme-office", id), receipt(id));
			}
		}
		this.pending.get(statement).tryEmitValue(inserted);
	}

	private Mono<Map<ReceiptKey, Receipt>> insertAll(List<ReceiptStore.Incoming> group) {
		this.statements.add(group.stream().map((incoming) -> incoming.milestone().id()).toList());
		Sinks.One<Map<ReceiptKey, Receipt>> statement = Sinks.one();
		this.pending.add(statement);
		return statement.asMono();
	}

	private Mono<Receipt> insertOne(ReceiptStore.Incoming incoming) {
		String id = incoming.milestone().id();
		if (this.refused.contains(id)) {
			this.statements.add(List.of(id));
			this.pending.add(Sinks.one());
			return Mono.error(new DataIntegrityViolationException("invalid byte sequence"));
		}
		ReceiptKey key = ReceiptKey.of(incoming.milestone());
		return insertAll(List.of(incoming)).mapNotNull((inserted) -> inserted.get(key));
	}

	private static ReceiptStore.Incoming incoming(String id) {
		return new ReceiptStore.Incoming(new Milestone(id, "/programme-office", PilotMilestones.WITHDRAWN,
				new Uscc("91350203MA2YQ8LX3B"), Instant.EPOCH, null, MilestoneData.none()), "hash-" + id);
	}

	private static Receipt receipt(String id) {
		return new Receipt(id, "/programme-office", "pilot.withdrawn", "pilot", "91350203MA2YQ8LX3B", Instant.EPOCH,
				MilestoneStatus.PENDING, null, null, null, Instant.EPOCH, null);
	}

	static final class Result {

		Receipt receipt;

		Throwable error;

		boolean done;

		String receiptId() {
			return (this.receipt != null) ? this.receipt.id() : null;
		}

	}

}

package com.pilottracker.gateway.milestone;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.pilottracker.access.Caller;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.problem.Problems;
import com.pilottracker.kafka.Failures;
import com.pilottracker.gateway.receipt.Receipt;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.UriUtils;

/**
 * {@code POST /api/v1/milestones} in the three modes of the CloudEvents HTTP binding:
 * <ul>
 * <li>structured, {@code application/cloudevents+json}: one event as a JSON object;</li>
 * <li>binary, {@code application/json}: the attributes in {@code ce-*} headers, the
 * {@code data} as the body;</li>
 * <li>batch, {@code application/cloudevents-batch+json}: an array of events, answered
 * with one result per item.</li>
 * </ul>
 * A single milestone is answered 202 with its receipt once Kafka has it; posting the same
 * milestone again answers with the same receipt. A batch's events are taken in together
 * ({@link MilestoneSubmission#submitAll}), each answered as it would have been on its
 * own.
 */
@RestController
@RequestMapping("/api/v1/milestones")
class MilestoneController {

	static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

	static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

	private final MilestoneSubmission submission;

	private final int maxBatchSize;

	private final Duration retryAfter;

	MilestoneController(MilestoneSubmission submission, @Value("${pilot.gateway.max-batch-size:1000}") int maxBatchSize,
			@Value("${pilot.gateway.retry-after:5s}") Duration retryAfter) {
		this.submission = submission;
		this.maxBatchSize = maxBatchSize;
		this.retryAfter = retryAfter;
	}

	@PostMapping(consumes = CLOUDEVENTS_JSON, produces = "application/json")
	Mono<ResponseEntity<Receipt>> structured(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
			@RequestBody Map<String, Object> event) {
		return accept(caller, event);
	}

	@PostMapping(consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<Receipt>> binary(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
			@Parameter(hidden = true) @RequestHeader HttpHeaders headers, @RequestBody(required = false) Object data) {
		Map<String, Object> event = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.startsWith("ce-") && !values.isEmpty()) {
				if (values.size() > 1 || event.containsKey(lower.substring(3))) {
					throw new ServerWebInputException("header " + name + " is given more than once");
				}
				event.put(lower.substring(3), percentDecoded(values.get(0)));
			}
		});
		event.put("datacontenttype", String.valueOf(headers.getContentType()));
		if (data != null) {
			event.put("data", data);
		}
		return accept(caller, event);
	}

	@PostMapping(consumes = CLOUDEVENTS_BATCH_JSON, produces = "application/json")
	Mono<BatchResult> batch(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
			@RequestBody List<Object> events) {
		if (events.isEmpty()) {
			return Mono.error(new ServerWebInputException("the batch is empty"));
		}
		if (events.size() > this.maxBatchSize) {
			return Mono.error(new ContentTooLargeException(new IllegalArgumentException(
					"a batch holds at most " + this.maxBatchSize + " events, not " + events.size())));
		}
		List<Map<String, Object>> attributes = new ArrayList<>(events.size());
		for (Object event : events) {
			if (event instanceof Map<?, ?> map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> eventAttributes = (Map<String, Object>) map;
				attributes.add(eventAttributes);
			}
		}
		return this.submission.submitAll(caller, attributes).map((submitted) -> {
			List<BatchItem> items = new ArrayList<>(events.size());
			int next = 0;
			for (int index = 0; index < events.size(); index++) {
				items.add((events.get(index) instanceof Map<?, ?>) ? item(index, submitted.get(next++)) : BatchItem
					.problem(index,
							Problems.invalidMilestone(List.of(new FieldError("/" + index, "must be a JSON object")))));
			}
			return BatchResult.of(items);
		});
	}

	private BatchItem item(int index, Submitted submitted) {
		if (submitted.isAccepted()) {
			return BatchItem.accepted(index, submitted.receipt());
		}
		RuntimeException refusal = submitted.refusal();
		if (refusal instanceof ForbiddenException) {
			return BatchItem.problem(index, Problems.forbidden(refusal.getMessage()));
		}
		if (refusal instanceof InvalidMilestoneException invalid) {
			return BatchItem.problem(index, Problems.invalidMilestone(invalid.errors()));
		}
		if (refusal instanceof MilestoneConflictException) {
			return BatchItem.problem(index, Problems.conflict(refusal.getMessage()));
		}
		if (submitted.tried() && Failures.isPermanent(refusal)) {
			return BatchItem.problem(index, Problems.refusedValue());
		}
		// an event not tried after an earlier one found the event log or the receipt
		// store unavailable is answered as the event log's
		return BatchItem.problem(index, (refusal instanceof BrokerUnavailableException || !submitted.tried())
				? Problems.eventLogUnavailable(this.retryAfter) : Problems.storeUnavailable(this.retryAfter));
	}

	private Mono<ResponseEntity<Receipt>> accept(Caller caller, Map<String, Object> event) {
		return this.submission.submit(caller, event)
			.map((receipt) -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location(receipt)).body(receipt));
	}

	/**
	 * Where the receipt is read: the id and source encoded as URI variables are (every
	 * character but the unreserved ones), by hand, as a URI template costs more than the
	 * rest of the answer.
	 */
	static URI location(Receipt receipt) {
		return URI.create("/api/v1/milestones/" + UriUtils.encode(receipt.id(), StandardCharsets.UTF_8) + "?source="
				+ UriUtils.encode(receipt.source(), StandardCharsets.UTF_8));
	}

	/**
	 * A {@code ce-*} header's value: the binding percent-encodes what is not printable
	 * ASCII.
	 */
	static String percentDecoded(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%' && i + 2 < value.length()) {
				int high = Character.digit(value.charAt(i + 1), 16);
				int low = Character.digit(value.charAt(i + 2), 16);
				if (high >= 0 && low >= 0) {
					bytes.write(high * 16 + low);
					i += 2;
					continue;
				}
			}
			bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The answer to a batch: one result per event, in order.
	 *
	 * @param accepted how many events were accepted
	 * @param refused how many were not
	 * @param results each event's result
	 */
	record BatchResult(int accepted, int refused, List<BatchItem> results) {

		static BatchResult of(List<BatchItem> results) {
			int accepted = (int) results.stream().filter((item) -> item.status() == 202).count();
			return new BatchResult(accepted, results.size() - accepted, results);
		}

	}

	/**
	 * One event's result in a batch: 202 with its receipt, or a status with its problem.
	 *
	 * @param index the event's position in the batch, from 0
	 * @param status the HTTP status the event would have had on its own
	 * @param receipt the receipt of an accepted event
	 * @param problem the problem of a refused one
	 */
	@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
	record BatchItem(int index, int status, Receipt receipt, ProblemDetail problem) {

		static BatchItem accepted(int index, Receipt receipt) {
			return new BatchItem(index, 202, receipt, null);
		}

		static BatchItem problem(int index, ProblemDetail problem) {
			return new BatchItem(index, problem.getStatus(), null, problem);
		}

	}

}

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
import java.util.concurrent.atomic.AtomicBoolean;

import com.pilottracker.access.Caller;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.problem.Problems;
import com.pilottracker.gateway.receipt.Receipt;
import io.r2dbc.spi.R2dbcException;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
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
import org.springframework.web.util.UriComponentsBuilder;

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
 * milestone again answers with the same receipt.
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
		AtomicBoolean unavailable = new AtomicBoolean();
		List<Mono<BatchItem>> items = new ArrayList<>(events.size());
		for (int index = 0; index < events.size(); index++) {
			items.add(item(caller, index, events.get(index), unavailable));
		}
		return Flux.concat(items).collectList().map(BatchResult::of);
	}

	private Mono<BatchItem> item(Caller caller, int index, Object event, AtomicBoolean unavailable) {
		return Mono.defer(() -> {
			if (unavailable.get()) {
				return Mono.just(BatchItem.problem(index, Problems.eventLogUnavailable(this.retryAfter)));
			}
			if (!(event instanceof Map<?, ?> map)) {
				return Mono.just(BatchItem.problem(index,
						Problems.invalidMilestone(List.of(new FieldError("/" + index, "must be a JSON object")))));
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> attributes = (Map<String, Object>) map;
			return this.submission.submit(caller, attributes)
				.map((receipt) -> BatchItem.accepted(index, receipt))
				.onErrorResume(ForbiddenException.class,
						(ex) -> Mono.just(BatchItem.problem(index, Problems.forbidden(ex.getMessage()))))
				.onErrorResume(InvalidMilestoneException.class,
						(ex) -> Mono.just(BatchItem.problem(index, Problems.invalidMilestone(ex.errors()))))
				.onErrorResume(MilestoneConflictException.class,
						(ex) -> Mono.just(BatchItem.problem(index, Problems.conflict(ex.getMessage()))))
				.onErrorResume((ex) -> ex instanceof BrokerUnavailableException || ex instanceof DataAccessException
						|| ex instanceof R2dbcException, (ex) -> {
							unavailable.set(true);
							return Mono.just(BatchItem.problem(index,
									(ex instanceof BrokerUnavailableException)
											? Problems.eventLogUnavailable(this.retryAfter)
											: Problems.storeUnavailable(this.retryAfter)));
						});
		});
	}

	private Mono<ResponseEntity<Receipt>> accept(Caller caller, Map<String, Object> event) {
		return this.submission.submit(caller, event)
			.map((receipt) -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location(receipt)).body(receipt));
	}

	static URI location(Receipt receipt) {
		return UriComponentsBuilder.fromPath("/api/v1/milestones/{id}")
			.queryParam("source", "{source}")
			.encode()
			.buildAndExpand(receipt.id(), receipt.source())
			.toUri();
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

package com.pilottracker.gateway.milestone;

import com.pilottracker.gateway.problem.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request body larger than its endpoint needs, with 413:
 * {@code pilot.gateway.max-batch-body-size} for a batch of milestones and for an
 * applicant import, {@code pilot.gateway.max-event-size} for one milestone and for every
 * other body (the office's JSON requests are smaller still).
 * <p>
 * The bytes actually read are counted, so a body sent without a length (chunked) is cut
 * off at the limit like one that declares its length; the part already read goes to the
 * codec no further. A declared length over the limit is refused before the body is read.
 * Either way the rest of the body is read and thrown away first, up to 16 MB in all, so a
 * client still writing it gets to read the answer (which closes the connection, see
 * {@code CloseAfterRefusal}); past that the answer is sent at once.
 */
@Component
class RequestSizeLimit implements WebFilter {

	/**
	 * Larger bodies are not read to their end before the answer; the connection is closed
	 * after it.
	 */
	private static final long MAX_DRAINED = DataSize.ofMegabytes(16).toBytes();

	private static final MediaType BATCH = MediaType.parseMediaType(MilestoneController.CLOUDEVENTS_BATCH_JSON);

	private static final String IMPORTS = "/api/v1/admin/imports/";

	private final DataSize maxEventSize;

	private final DataSize maxBatchBodySize;

	RequestSizeLimit(@Value("${pilot.gateway.max-event-size:64KB}") DataSize maxEventSize,
			@Value("${pilot.gateway.max-batch-body-size:4MB}") DataSize maxBatchBodySize) {
		this.maxEventSize = maxEventSize;
		this.maxBatchBodySize = maxBatchBodySize;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpMethod method = request.getMethod();
		if (!HttpMethod.POST.equals(method) && !HttpMethod.PUT.equals(method) && !HttpMethod.PATCH.equals(method)) {
			return chain.filter(exchange);
		}
		long limit = limit(request).toBytes();
		long length = request.getHeaders().getContentLength();
		if (length > limit) {
			ContentTooLargeException tooLarge = tooLarge("the body has " + length + " bytes", limit);
			if (length > MAX_DRAINED) {
				return Mono.error(tooLarge);
			}
			// read the rest and throw it away, so a client still writing its body
			// gets to read the answer
			return request.getBody().doOnNext(DataBufferUtils::release).then(Mono.error(tooLarge));
		}
		return chain.filter(exchange.mutate().request(new CountedBody(request, limit)).build());
	}

	private DataSize limit(ServerHttpRequest request) {
		MediaType type = request.getHeaders().getContentType();
		if (request.getPath().value().startsWith(IMPORTS) || (type != null && BATCH.isCompatibleWith(type))) {
			return this.maxBatchBodySize;
		}
		return this.maxEventSize;
	}

	private static ContentTooLargeException tooLarge(String what, long limit) {
		String detail = what + "; at most " + limit + " are accepted here";
		ContentTooLargeException tooLarge = new ContentTooLargeException(new IllegalArgumentException(detail));
		tooLarge.setType(Problems.TOO_LARGE);
		tooLarge.setTitle("Content too large");
		tooLarge.setDetail(detail);
		return tooLarge;
	}

	/**
	 * The request with its body counted as it is read: past the limit, nothing more
	 * reaches the codec, the rest is read and thrown away (up to 16 MB), and the body
	 * ends with {@link ContentTooLargeException}.
	 */
	private static final class CountedBody extends ServerHttpRequestDecorator {

		private final long limit;

		CountedBody(ServerHttpRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> {
				long[] read = { 0 };
				return super.getBody().concatMap((buffer) -> {
					read[0] += buffer.readableByteCount();
					if (read[0] <= this.limit) {
						return Mono.just(buffer);
					}
					DataBufferUtils.release(buffer);
					return (read[0] > MAX_DRAINED)
							? Mono.error(tooLarge("the body has more than " + MAX_DRAINED + " bytes", this.limit))
							: Mono.empty();
				})
					.concatWith(Mono.defer(() -> (read[0] > this.limit)
							? Mono.error(tooLarge("the body has " + read[0] + " bytes", this.limit)) : Mono.empty()));
			});
		}

	}

}

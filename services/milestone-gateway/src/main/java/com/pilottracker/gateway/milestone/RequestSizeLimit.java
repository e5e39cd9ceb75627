package com.pilottracker.gateway.milestone;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a milestone request whose declared body is larger than a milestone needs, with
 * 413: {@code pilot.gateway.max-event-size} for one event,
 * {@code pilot.gateway.max-batch-body-size} for a batch. The body is read and thrown away
 * first (up to 16 MB), so that a client still writing it is not left waiting. A body
 * without a declared length is cut off by the codecs'
 * {@code spring.codec.max-in-memory-size}, also with 413.
 */
@Component
class RequestSizeLimit implements WebFilter {

	/**
	 * Larger bodies are refused without being read; the connection is closed after the
	 * answer.
	 */
	private static final long MAX_DRAINED = DataSize.ofMegabytes(16).toBytes();

	private static final MediaType BATCH = MediaType.parseMediaType(MilestoneController.CLOUDEVENTS_BATCH_JSON);

	private final DataSize maxEventSize;

	private final DataSize maxBatchBodySize;

	RequestSizeLimit(@Value("${pilot.gateway.max-event-size:64KB}") DataSize maxEventSize,
			@Value("${pilot.gateway.max-batch-body-size:4MB}") DataSize maxBatchBodySize) {
		this.maxEventSize = maxEventSize;
		this.maxBatchBodySize = maxBatchBodySize;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (HttpMethod.POST.equals(exchange.getRequest().getMethod())
				&& exchange.getRequest().getPath().value().startsWith("/api/v1/milestones")) {
			long length = exchange.getRequest().getHeaders().getContentLength();
			MediaType type = exchange.getRequest().getHeaders().getContentType();
			DataSize limit = (type != null && BATCH.isCompatibleWith(type)) ? this.maxBatchBodySize : this.maxEventSize;
			if (length > limit.toBytes()) {
				ContentTooLargeException tooLarge = new ContentTooLargeException(new IllegalArgumentException(
						"the body has " + length + " bytes; at most " + limit.toBytes() + " are accepted"));
				if (length > MAX_DRAINED) {
					return Mono.error(tooLarge);
				}
				// read the rest and throw it away, so a client still writing its body
				// gets to read the answer
				return exchange.getRequest().getBody().doOnNext(DataBufferUtils::release).then(Mono.error(tooLarge));
			}
		}
		return chain.filter(exchange);
	}

}

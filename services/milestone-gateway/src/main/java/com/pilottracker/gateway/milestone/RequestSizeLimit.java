package com.pilottracker.gateway.milestone;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
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
 * 413, before reading it: {@code pilot.gateway.max-event-size} for one event,
 * {@code pilot.gateway.max-batch-body-size} for a batch. A body without a declared length
 * is cut off by the codecs' {@code spring.codec.max-in-memory-size}, also with 413.
 */
@Component
class RequestSizeLimit implements WebFilter {

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
				return Mono.error(new ContentTooLargeException(new IllegalArgumentException(
						"the body has " + length + " bytes; at most " + limit.toBytes() + " are accepted")));
			}
		}
		return chain.filter(exchange);
	}

}

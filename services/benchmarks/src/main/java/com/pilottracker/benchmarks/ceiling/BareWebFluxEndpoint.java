package com.pilottracker.benchmarks.ceiling;

import java.nio.charset.StandardCharsets;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * The HTTP ceiling: Spring WebFlux on Reactor Netty with one endpoint that reads the
 * whole request body and answers 202 with a short JSON body, and nothing else (no
 * security, no validation, no Kafka). Runs as its own process with the services' JVM
 * options, so it competes for the same two cores as the gateway would. Argument: the
 * port.
 */
public final class BareWebFluxEndpoint {

	private static final byte[] ANSWER = "{\"status\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8);

	private BareWebFluxEndpoint() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		RouterFunction<ServerResponse> route = RouterFunctions.route(POST("/api/v1/milestones"), (request) -> request
			.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON).bodyValue(ANSWER)));
		ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(route));
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(port).handle(adapter).bindNow();
		System.out.println("bare WebFlux endpoint listening on " + server.port());
		server.onDispose().block();
	}

}

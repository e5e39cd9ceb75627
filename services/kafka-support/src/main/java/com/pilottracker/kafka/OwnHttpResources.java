package com.pilottracker.kafka;

import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Event loops and an HTTP connection pool of the application context's own, instead of
 * Reactor Netty's process-wide ones.
 * <p>
 * With the process-wide resources (Spring's default), stopping one application context
 * disposes the event loops that every other context in the same JVM serves its HTTP port
 * on. The local runner hosts three services in one JVM, and the test framework pauses
 * (stops) cached contexts between test classes: a context paused while the next one
 * started left the new one's server on loops being shut down, and now and then a request
 * was never answered (spring-projects/spring-boot#38199 describes the same with
 * {@code @DirtiesContext}). These resources are created with the context and disposed
 * only when it closes; pausing stops the server, not its loops.
 */
@Configuration(proxyBeanMethods = false)
class OwnHttpResources {

	@Bean(destroyMethod = "dispose")
	LoopResources pilotHttpLoops() {
		return LoopResources.create("pilot-http");
	}

	@Bean(destroyMethod = "dispose")
	ConnectionProvider pilotHttpConnections() {
		return ConnectionProvider.create("pilot-http");
	}

	@Bean
	ReactorResourceFactory reactorResourceFactory(LoopResources pilotHttpLoops,
			ConnectionProvider pilotHttpConnections) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		// given, not made: the factory's stop() (a paused context) leaves them alone
		factory.setLoopResources(pilotHttpLoops);
		factory.setConnectionProvider(pilotHttpConnections);
		return factory;
	}

}

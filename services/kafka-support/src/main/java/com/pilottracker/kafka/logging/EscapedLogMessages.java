package com.pilottracker.kafka.logging;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.pattern.DynamicConverter;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Makes every service's log lines unforgeable by data, whatever Spring Boot's logging is
 * configured to write: once Boot has set logging up, the words {@code %m}, {@code %msg},
 * {@code %message} and {@code %wEx} of every pattern become
 * {@link EscapedMessageConverter} and {@link EscapedThrowableConverter}, and the pattern
 * encoders are started again to take them. Boot's own pattern (time, level, application,
 * thread, trace and span ids, logger), its file logging and {@code logging.pattern.*} all
 * stay; structured (JSON) logging is left alone, as JSON escapes line breaks itself.
 * Registered for every application with kafka-support on its class path
 * ({@code META-INF/spring.factories}).
 */
public class EscapedLogMessages implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public int getOrder() {
		// just after Boot has initialized the logging system
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			install(context);
		}
	}

	/** Puts the escaping words into the context and restarts its pattern encoders. */
	static void install(LoggerContext context) {
		context.getConfigurationLock().lock();
		try {
			@SuppressWarnings("unchecked")
			Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>) context
				.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
			if (rules == null) {
				rules = new HashMap<>();
				context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
			}
			for (String word : new String[] { "m", "msg", "message" }) {
				rules.put(word, EscapedMessageConverter::new);
			}
			rules.put("wEx", EscapedThrowableConverter::new);
			for (Logger logger : context.getLoggerList()) {
				for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders
					.hasNext();) {
					if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender
							&& appender.getEncoder() instanceof PatternLayoutEncoder encoder) {
						encoder.stop();
						encoder.start();
					}
				}
			}
		}
		finally {
			context.getConfigurationLock().unlock();
		}
	}

}

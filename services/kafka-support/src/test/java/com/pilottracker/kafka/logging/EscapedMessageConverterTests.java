package com.pilottracker.kafka.logging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EscapedMessageConverterTests {

	private final LoggerContext context = new LoggerContext();

	@BeforeEach
	void configure() throws Exception {
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(this.context);
		configurator.doConfigure(getClass().getResource("/escaped-logging-test.xml"));
		EscapedLogMessages.install(this.context);
	}

	@Test
	void anIdWithCrLfStaysOnItsLineEscaped() {
		String line = layout("%X{traceId} %-5level %m%n%wEx").doLayout(
				event("Milestone {} from {} REJECTED", null, "m-1\r\n2026-01-01T00:00:00 INFO forged", "/providers/a"));

		assertThat(line).isEqualTo("4bf92f3577b34da6 INFO  Milestone m-1\\u000D\\u000A2026-01-01T00:00:00 INFO forged "
				+ "from /providers/a REJECTED\n");
	}

	@Test
	void everyWordForTheMessageEscapes() {
		for (String word : new String[] { "%m", "%msg", "%message" }) {
			assertThat(layout(word).doLayout(event("id {}", null, "a\nb"))).isEqualTo("id a\\u000Ab");
		}
	}

	@Test
	void theMessagesOwnLineBreaksStayButTheLinesTheyStartAreIndented() {
		String dump = "ProducerConfig values: \n\tacks = -1\n\tlinger.ms = 2\nthe end\r\nand\rmore";

		assertThat(layout("%m").doLayout(event(dump, null)))
			.isEqualTo("ProducerConfig values: \n\tacks = -1\n\tlinger.ms = 2\n\tthe end\n\tand\n\tmore");
	}

	@Test
	void otherControlCharactersAreEscapedAndTextIsLeftAlone() {
		assertThat(layout("%m").doLayout(event("\u001b[31mred {} {}", null, "思明区 \uD83D\uDE00", "tab\there")))
			.isEqualTo("\\u001B[31mred 思明区 \uD83D\uDE00 tab\\u0009here");
		assertThat(layout("%m").doLayout(event("plain {} and {}", null, 42, null))).isEqualTo("plain 42 and null");
	}

	@Test
	void exceptionMessagesCannotStartALineWhereverTheyAreInTheStackTrace() {
		IllegalStateException failure = new IllegalStateException("could not store x\r\nERROR forged",
				new IllegalArgumentException("bad id y\nWARN forged too\u0007"));

		String logged = layout("%m%n%wEx").doLayout(event("Failed", failure));

		assertThat(logged).contains("java.lang.IllegalStateException: could not store x\n\tERROR forged")
			.contains("Caused by: java.lang.IllegalArgumentException: bad id y\n\tWARN forged too\\u0007");
		assertThat(logged.lines()).noneMatch((line) -> line.startsWith("ERROR") || line.startsWith("WARN"));
		assertThat(logged.lines().filter((line) -> line.startsWith("\tat "))).isNotEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void bootsConsolePatternEscapesOnceInstalledKeepingEverythingElse() throws Exception {
		LoggerContext service = new LoggerContext();
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(service);
		configurator.doConfigure(getClass().getResource("/escaped-logging-test.xml"));
		ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) service
			.getLogger(Logger.ROOT_LOGGER_NAME)
			.getAppender("CONSOLE");
		PatternLayoutEncoder encoder = (PatternLayoutEncoder) console.getEncoder();
		ILoggingEvent event = event("id {}", null, "a\r\nb");
		assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).as("before").contains(" : id a\r\nb");

		EscapedLogMessages.install(service);

		assertThat(new StatusUtil(service).getHighestLevel(0)).as("configuration errors").isLessThan(Status.WARN);
		String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
		assertThat(line).contains(" : id a\\u000D\\u000Ab").contains(" INFO ").endsWith("\n");
		assertThat(line.lines()).hasSize(1);
		service.stop();
	}

	private PatternLayout layout(String pattern) {
		PatternLayout layout = new PatternLayout();
		layout.setContext(this.context);
		layout.setPattern(pattern);
		layout.start();
		return layout;
	}

	private LoggingEvent event(String message, Throwable failure, Object... arguments) {
		LoggingEvent event = new LoggingEvent(getClass().getName(), this.context.getLogger("test"), Level.INFO, message,
				failure, arguments);
		event.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6"));
		return event;
	}

}

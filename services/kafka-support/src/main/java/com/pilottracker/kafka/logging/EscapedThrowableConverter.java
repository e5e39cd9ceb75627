package com.pilottracker.kafka.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * {@code %wEx} for every service: Spring Boot's stack trace, with each exception's
 * message shown with {@link Text#forLog(String, int)}. An exception's message often holds
 * data from outside (a value that could not be parsed, an id); escaped, it cannot start a
 * line that passes for a log line of its own.
 */
public class EscapedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy throwable) {
		return super.throwableProxyToString(EscapedThrowable.of(throwable));
	}

	/** The throwable as logback sees it, its messages escaped. */
	private record EscapedThrowable(IThrowableProxy throwable) implements IThrowableProxy {

		static IThrowableProxy of(IThrowableProxy throwable) {
			return (throwable != null) ? new EscapedThrowable(throwable) : null;
		}

		@Override
		public String getMessage() {
			String message = this.throwable.getMessage();
			return (message != null) ? EscapedMessageConverter.guarded(message) : null;
		}

		@Override
		public String getOverridingMessage() {
			String message = this.throwable.getOverridingMessage();
			return (message != null) ? EscapedMessageConverter.guarded(message) : null;
		}

		@Override
		public String getClassName() {
			return this.throwable.getClassName();
		}

		@Override
		public StackTraceElementProxy[] getStackTraceElementProxyArray() {
			return this.throwable.getStackTraceElementProxyArray();
		}

		@Override
		public int getCommonFrames() {
			return this.throwable.getCommonFrames();
		}

		@Override
		public IThrowableProxy getCause() {
			return of(this.throwable.getCause());
		}

		@Override
		public IThrowableProxy[] getSuppressed() {
			IThrowableProxy[] suppressed = this.throwable.getSuppressed();
			if (suppressed == null) {
				return null;
			}
			IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
			for (int i = 0; i < suppressed.length; i++) {
				escaped[i] = of(suppressed[i]);
			}
			return escaped;
		}

		@Override
		public boolean isCyclic() {
			return this.throwable.isCyclic();
		}

	}

}

package com.pilottracker.kafka.logging;

import java.util.Arrays;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.pilottracker.contracts.Text;
import org.slf4j.helpers.MessageFormatter;

/**
 * {@code %m}, {@code %msg} and {@code %message} for every service: a log line that data
 * cannot forge, still readable for a person.
 * <ul>
 * <li>The arguments of a message ({@code {}}: ids, sources, names, exception messages —
 * whatever came from outside) are shown with {@link Text#forLog(String, int)}: a CR, an
 * LF or any other control character is written as {@code \\uXXXX}, so a value always
 * stays on its line.</li>
 * <li>The message itself is the code's own text; a line break in it is kept (a config
 * dump stays readable), but a line it starts is indented with a tab unless it is already
 * indented, so it can never pass for a log line of its own, which starts with its
 * timestamp. Other control characters in it are escaped.</li>
 * </ul>
 */
public class EscapedMessageConverter extends ClassicConverter {

	@Override
	public String convert(ILoggingEvent event) {
		Object[] arguments = event.getArgumentArray();
		String message = event.getMessage();
		if (arguments == null || arguments.length == 0 || message == null) {
			return guarded((message != null) ? message : "null");
		}
		Object[] shown = new Object[arguments.length];
		for (int i = 0; i < arguments.length; i++) {
			shown[i] = shown(arguments[i]);
		}
		return guarded(MessageFormatter.basicArrayFormat(message, shown));
	}

	private static Object shown(Object argument) {
		if (argument == null) {
			return null;
		}
		String text;
		try {
			text = (argument instanceof Object[] array) ? Arrays.deepToString(array) : String.valueOf(argument);
		}
		catch (RuntimeException ex) {
			return "[FAILED toString()]";
		}
		return Text.forLog(text, Integer.MAX_VALUE);
	}

	/**
	 * The text with each line it starts indented and control characters other than tab
	 * and line breaks escaped; the text itself when there are none.
	 */
	static String guarded(String text) {
		int length = text.length();
		int i = 0;
		while (i < length && text.charAt(i) >= 0x20 && text.charAt(i) < 0x7f) {
			i++;
		}
		if (i == length) {
			return text;
		}
		StringBuilder out = new StringBuilder(length + 16).append(text, 0, i);
		for (; i < length; i++) {
			char c = text.charAt(i);
			if ((c >= 0x20 && c < 0x7f) || c == '\t') {
				out.append(c);
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
					i++;
				}
				out.append('\n');
				if (i + 1 < length && text.charAt(i + 1) != ' ' && text.charAt(i + 1) != '\t') {
					out.append('\t');
				}
			}
			else {
				boolean pair = Character.isHighSurrogate(c) && i + 1 < length
						&& Character.isLowSurrogate(text.charAt(i + 1));
				String character = pair ? text.substring(i, i + 2) : String.valueOf(c);
				out.append(Text.isClean(character) ? character : Text.forLog(character));
				if (pair) {
					i++;
				}
			}
		}
		return out.toString();
	}

}

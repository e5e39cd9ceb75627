package com.pilottracker.contracts;

/**
 * What a string from outside may hold. PostgreSQL refuses NUL in {@code text}; a lone
 * surrogate cannot be encoded as UTF-8 (the driver would silently write {@code ?});
 * control characters forge log lines and break CSV and HTML; non-characters are not text.
 * Every string the gateway takes is checked with {@link #problem(String)} and every
 * consumer checks what it decodes, so such a string is refused at the door and can never
 * reach a table.
 */
public final class Text {

	private Text() {
	}

	/**
	 * Why the text cannot be taken, or {@code null} when it can: it holds no control
	 * character (C0, DEL or C1; tab and line breaks included), no lone surrogate and no
	 * Unicode non-character.
	 */
	public static String problem(String value) {
		if (value == null) {
			return null;
		}
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c == 0) {
				return "holds a NUL character (U+0000) at position " + i;
			}
			if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
				return "holds the control character " + codePoint(c) + " at position " + i;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
					int codePoint = Character.toCodePoint(c, value.charAt(i + 1));
					if (isNonCharacter(codePoint)) {
						return "holds the non-character " + codePoint(codePoint) + " at position " + i;
					}
					i++;
					continue;
				}
				return "holds a lone surrogate " + codePoint(c) + " at position " + i;
			}
			if (Character.isLowSurrogate(c)) {
				return "holds a lone surrogate " + codePoint(c) + " at position " + i;
			}
			if (isNonCharacter(c)) {
				return "holds the non-character " + codePoint(c) + " at position " + i;
			}
		}
		return null;
	}

	/** Whether {@link #problem(String)} finds nothing. */
	public static boolean isClean(String value) {
		return problem(value) == null;
	}

	/**
	 * The text as a log line may show it: every character {@link #problem(String)} would
	 * refuse written as {@code \\uXXXX}, so a value cannot start a forged line; cut after
	 * {@code maxLength} characters.
	 */
	public static String forLog(String value, int maxLength) {
		if (value == null) {
			return "null";
		}
		StringBuilder shown = new StringBuilder(Math.min(value.length(), maxLength) + 8);
		int length = value.length();
		for (int i = 0; i < length && shown.length() < maxLength; i++) {
			char c = value.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < length
					&& Character.isLowSurrogate(value.charAt(i + 1));
			if (pair && !isNonCharacter(Character.toCodePoint(c, value.charAt(i + 1)))) {
				shown.append(c).append(value.charAt(i + 1));
				i++;
			}
			else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || isNonCharacter(c)
					|| c == '\\') {
				shown.append((c == '\\') ? "\\\\" : String.format("\\u%04X", (int) c));
			}
			else {
				shown.append(c);
			}
		}
		if (shown.length() >= maxLength && length > maxLength) {
			shown.append("…");
		}
		return shown.toString();
	}

	/** {@link #forLog(String, int)} cut after 200 characters. */
	public static String forLog(String value) {
		return forLog(value, 200);
	}

	private static boolean isNonCharacter(int codePoint) {
		return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
	}

	private static String codePoint(int codePoint) {
		return String.format("U+%04X", codePoint);
	}

}

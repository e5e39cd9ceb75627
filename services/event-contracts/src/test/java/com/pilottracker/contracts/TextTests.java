package com.pilottracker.contracts;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TextTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "m-0001", "/providers/digital-one", "思明区", "厦门市友达光电有限公司", "a b", "emoji 😀 ok",
			"quote \" and ' and \\", "𠀀 (CJK extension B)" })
	void takesPrintableTextOfAnyScript(String value) {
		assertThat(Text.problem(value)).isNull();
		assertThat(Text.isClean(value)).isTrue();
	}

	static Stream<Arguments> refused() {
		return Stream.of(arguments("a\u0000b", "NUL character (U+0000) at position 1"),
				arguments("line\nbreak", "control character U+000A"), arguments("cr\r", "control character U+000D"),
				arguments("tab\t", "control character U+0009"), arguments("del\u007f", "U+007F"),
				arguments("c1\u0085", "U+0085"), arguments("lone \ud800 high", "lone surrogate U+D800 at position 5"),
				arguments("lone \udc00 low", "lone surrogate U+DC00"), arguments("end \ud83d", "lone surrogate U+D83D"),
				arguments("non \ufffe char", "non-character U+FFFE"),
				arguments("non \ufdd0 char", "non-character U+FDD0"),
				arguments("plane \udbff\udfff end", "non-character U+10FFFF"));
	}

	@ParameterizedTest
	@MethodSource("refused")
	void namesWhatItRefusesAndWhere(String value, String expected) {
		assertThat(Text.problem(value)).contains(expected);
		assertThat(Text.isClean(value)).isFalse();
	}

	static Stream<Arguments> logged() {
		return Stream.of(arguments("plain", "plain"), arguments("a\u0000b", "a\\u0000b"),
				arguments("two\nlines", "two\\u000Alines"), arguments("back\\slash", "back\\\\slash"),
				arguments("lone\ud800", "lone\\uD800"), arguments("思明区", "思明区"));
	}

	@ParameterizedTest
	@MethodSource("logged")
	void showsForALogWhatCouldForgeALine(String value, String shown) {
		assertThat(Text.forLog(value)).isEqualTo(shown);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 5, 10 })
	void cutsALongValueForALog(int max) {
		String shown = Text.forLog("x".repeat(50), max);

		assertThat(shown).isEqualTo("x".repeat(max) + "…");
	}

}

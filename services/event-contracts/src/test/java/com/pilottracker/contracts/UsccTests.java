package com.pilottracker.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UsccTests {

	@ParameterizedTest
	@ValueSource(strings = { "91110108551385082Q", "9144030071526726XG", "914403001922038216" })
	void acceptsPublishedCodesWithTheirCheckCharacter(String code) {
		Uscc uscc = new Uscc(code);

		assertThat(uscc.hasValidCheckCharacter()).isTrue();
		assertThat(uscc.expectedCheckCharacter()).isEqualTo(code.charAt(17));
	}

	@Test
	void namesTheExpectedCheckCharacterOfACodeThatFailsIt() {
		Uscc uscc = new Uscc("91110108551385082A");

		assertThat(uscc.hasValidCheckCharacter()).isFalse();
		assertThat(uscc.expectedCheckCharacter()).isEqualTo('Q');
	}

	@Test
	void readsTheAdministrativeDivisionCode() {
		assertThat(new Uscc("91350203MA2YQ8LX3K").divisionCode()).isEqualTo("350203");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "91110108551385082", "91110108551385082QQ" })
	void refusesAWrongLength(String code) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Uscc(code)).withMessageContaining("18 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "91110108551385082q", "9111010855138508IQ", "9111010855138508OQ", "9111010855138508SQ",
			"9111010855138508VQ", "9111010855138508ZQ", "9111010855138508-Q", "９1110108551385082Q" })
	void refusesCharactersOutsideTheStandardsAlphabet(String code) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Uscc(code)).withMessageContaining("is not one of");
	}

	@Test
	void refusesAMissingCode() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Uscc(null)).withMessageContaining("missing");
	}

}

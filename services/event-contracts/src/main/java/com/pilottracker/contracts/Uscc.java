package com.pilottracker.contracts;

/**
 * An enterprise's Unified Social Credit Code (统一社会信用代码), GB 32100-2015: 18 characters
 * from {@code 0-9A-HJ-NPQRTUWXY}. Positions 3-8 hold the registering authority's
 * administrative-division code; the 18th is a check character.
 * <p>
 * Construction refuses a code of the wrong length or character set. It does not refuse a
 * failing check character, because some legally issued codes fail it; callers decide with
 * {@link #hasValidCheckCharacter()}.
 */
public record Uscc(String value) {

	/** The code's alphabet in value order: a character's index is its value 0..30. */
	public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

	public static final int LENGTH = 18;

	public Uscc {
		if (value == null) {
			throw new IllegalArgumentException("USCC is missing");
		}
		if (value.length() != LENGTH) {
			throw new IllegalArgumentException("USCC must have " + LENGTH + " characters, not " + value.length());
		}
		for (int i = 0; i < LENGTH; i++) {
			if (ALPHABET.indexOf(value.charAt(i)) < 0) {
				throw new IllegalArgumentException(
						"USCC character " + (i + 1) + " ('" + value.charAt(i) + "') is not one of " + ALPHABET);
			}
		}
	}

	/** The six-digit administrative-division code at positions 3-8. */
	public String divisionCode() {
		return this.value.substring(2, 8);
	}

	/** The check character that the first 17 characters call for. */
	public char expectedCheckCharacter() {
		return checkCharacterFor(this.value.substring(0, LENGTH - 1));
	}

	public boolean hasValidCheckCharacter() {
		return this.value.charAt(LENGTH - 1) == expectedCheckCharacter();
	}

	/**
	 * The GB 32100-2015 check character for 17 leading characters: weights 3^i mod 31,
	 * check value (31 - sum mod 31) mod 31.
	 */
	public static char checkCharacterFor(String first17) {
		if (first17.length() != LENGTH - 1) {
			throw new IllegalArgumentException("need " + (LENGTH - 1) + " characters");
		}
		int sum = 0;
		int weight = 1;
		for (int i = 0; i < LENGTH - 1; i++) {
			int characterValue = ALPHABET.indexOf(first17.charAt(i));
			if (characterValue < 0) {
				throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not a USCC character");
			}
			sum += characterValue * weight;
			weight = (weight * 3) % 31;
		}
		return ALPHABET.charAt((31 - sum % 31) % 31);
	}

	@Override
	public String toString() {
		return this.value;
	}

}

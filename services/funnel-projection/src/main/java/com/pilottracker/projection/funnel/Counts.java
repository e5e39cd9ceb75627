package com.pilottracker.projection.funnel;

/**
 * A funnel count or a change to one.
 *
 * @param reached enterprises that ever got to the stage
 * @param current enterprises in the stage now
 */
public record Counts(long reached, long current) {

	public static final Counts ZERO = new Counts(0, 0);

	public Counts plus(Counts other) {
		return new Counts(this.reached + other.reached, this.current + other.current);
	}

	public boolean isZero() {
		return this.reached == 0 && this.current == 0;
	}

}

package com.pilottracker.projection.analytics;

import java.time.Instant;

/**
 * What is known of one enterprise at some moment: where it is, and when it reached each
 * stage (the {@code time} of the milestones, not when they were reported).
 *
 * @param uscc the enterprise
 * @param district its district
 * @param industry its industry
 * @param provider the provider it contracted with, if any
 * @param solicitedAt when it was solicited
 * @param contractedAt when it contracted
 * @param preAcceptanceAt when it reached pre-acceptance
 * @param withdrawnAt when it withdrew
 */
public record EnterpriseState(String uscc, String district, String industry, String provider, Instant solicitedAt,
		Instant contractedAt, Instant preAcceptanceAt, Instant withdrawnAt) {

	/**
	 * This enterprise as of {@code cutoff}: the steps that happened before it, and none
	 * after. {@code null} cutoff: every step.
	 */
	EnterpriseState asOf(Instant cutoff) {
		if (cutoff == null) {
			return this;
		}
		return new EnterpriseState(this.uscc, this.district, this.industry,
				before(this.contractedAt, cutoff) != null ? this.provider : null, before(this.solicitedAt, cutoff),
				before(this.contractedAt, cutoff), before(this.preAcceptanceAt, cutoff),
				before(this.withdrawnAt, cutoff));
	}

	private static Instant before(Instant at, Instant cutoff) {
		return (at != null && at.isBefore(cutoff)) ? at : null;
	}

	/** Whether the enterprise has taken any step. */
	boolean inFunnel() {
		return this.solicitedAt != null || this.contractedAt != null || this.preAcceptanceAt != null
				|| this.withdrawnAt != null;
	}

	/**
	 * The stage it is in: withdrawn, else the furthest stage reached; {@code null} if
	 * none.
	 */
	String currentStage() {
		if (this.withdrawnAt != null) {
			return "WITHDRAWN";
		}
		if (this.preAcceptanceAt != null) {
			return "PRE_ACCEPTANCE";
		}
		if (this.contractedAt != null) {
			return "CONTRACTED";
		}
		return (this.solicitedAt != null) ? "SOLICITED" : null;
	}

	/** When it entered its current stage. */
	Instant currentSince() {
		return switch (String.valueOf(currentStage())) {
			case "WITHDRAWN" -> this.withdrawnAt;
			case "PRE_ACCEPTANCE" -> this.preAcceptanceAt;
			case "CONTRACTED" -> this.contractedAt;
			case "SOLICITED" -> this.solicitedAt;
			default -> null;
		};
	}

}

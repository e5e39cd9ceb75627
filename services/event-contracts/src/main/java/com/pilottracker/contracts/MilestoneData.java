package com.pilottracker.contracts;

/**
 * The {@code data} of a milestone. {@code district} and {@code industry} are required for
 * {@code pilot.solicited}, {@code provider} for {@code pilot.contracted}; other fields
 * may be {@code null}.
 *
 * @param district the enterprise's district, for example {@code 思明区} or its code
 * @param industry the enterprise's industry, reference data kept by the office
 * @param provider the service provider named in a contract
 * @param enterpriseName the enterprise's registered name, when reported
 */
public record MilestoneData(String district, String industry, String provider, String enterpriseName) {

	public static MilestoneData none() {
		return new MilestoneData(null, null, null, null);
	}

}

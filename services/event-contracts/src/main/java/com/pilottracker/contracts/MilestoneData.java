package com.pilottracker.contracts;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code data} of a milestone. The milestone entering a programme carries
 * {@code district}, {@code industry} and the programme's other required attributes; the
 * milestone of a stage that names the provider carries {@code provider}; other fields may
 * be {@code null}.
 *
 * @param district the enterprise's district, for example {@code 思明区} or its code
 * @param industry the enterprise's industry, reference data kept by the office
 * @param provider the service provider named in a contract
 * @param enterpriseName the enterprise's registered name, when reported
 * @param attributes the programme's own attributes by name (for example the gradient's
 * {@code highTech}), never {@code null}
 */
public record MilestoneData(String district, String industry, String provider, String enterpriseName,
		Map<String, String> attributes) {

	public MilestoneData {
		attributes = (attributes == null || attributes.isEmpty()) ? Map.of()
				: java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
	}

	public MilestoneData(String district, String industry, String provider, String enterpriseName) {
		this(district, industry, provider, enterpriseName, Map.of());
	}

	public static MilestoneData none() {
		return new MilestoneData(null, null, null, null, Map.of());
	}

	/**
	 * The value of an attribute: {@code district} and {@code industry} from their fields,
	 * the others from {@link #attributes()}; {@code null} if absent.
	 */
	public String attribute(String name) {
		switch (name) {
			case "district":
				return this.district;
			case "industry":
				return this.industry;
			default:
				return this.attributes.get(name);
		}
	}

}

package com.pilottracker.contracts;

/**
 * The ten service domains in which the city vets service organisations (section 二(三)4 of
 * the office's letter). A closed list: the letter names them, and the registry's
 * breakdowns count organisations by them.
 */
public enum ServiceDomain {

	/** 财税. */
	FINANCE_AND_TAX("财税", "Finance and tax"),

	/** 知识产权. */
	INTELLECTUAL_PROPERTY("知识产权", "Intellectual property"),

	/** 数字化. */
	DIGITALISATION("数字化", "Digitalisation"),

	/** 技术创新与质量. */
	INNOVATION_AND_QUALITY("技术创新与质量", "Technological innovation and quality"),

	/** 人才与培训. */
	TALENT_AND_TRAINING("人才与培训", "Talent and training"),

	/** 投融资. */
	INVESTMENT_AND_FINANCING("投融资", "Investment and financing"),

	/** 市场开拓. */
	MARKET_DEVELOPMENT("市场开拓", "Market development"),

	/** 管理咨询. */
	MANAGEMENT_CONSULTING("管理咨询", "Management consulting"),

	/** 创业. */
	ENTREPRENEURSHIP("创业", "Entrepreneurship"),

	/** 法律. */
	LEGAL("法律", "Legal services");

	private final Programme.Names names;

	ServiceDomain(String zh, String en) {
		this.names = new Programme.Names(zh, en);
	}

	/** The domain's names as the letter (zh) and the English page give them. */
	public Programme.Names names() {
		return this.names;
	}

}

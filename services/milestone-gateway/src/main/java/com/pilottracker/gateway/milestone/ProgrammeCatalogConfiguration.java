package com.pilottracker.gateway.milestone;

import com.pilottracker.contracts.Programmes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The programmes whose milestones the gateway takes in: the definitions that ship
 * ({@link Programmes#shipped()}). What a milestone must carry, who may report it and
 * which enterprises a provider may touch all follow from them; a programme the catalog
 * does not hold has no milestones here.
 */
@Configuration(proxyBeanMethods = false)
class ProgrammeCatalogConfiguration {

	@Bean
	Programmes programmes() {
		return Programmes.shipped();
	}

}

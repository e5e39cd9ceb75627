package com.pilottracker.projection;

import com.pilottracker.contracts.Programmes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class FunnelProjectionApplication {

	/**
	 * The programmes the projection knows: the ones that ship. Their funnels are answered
	 * and gauged; a change of another programme is kept but not answered.
	 */
	@Bean
	Programmes programmes() {
		return Programmes.shipped();
	}

	public static void main(String[] args) {
		SpringApplication.run(FunnelProjectionApplication.class, args);
	}

}

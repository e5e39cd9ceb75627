package com.pilottracker.projection;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class FunnelProjectionApplication {

	public static void main(String[] args) {
		SpringApplication.run(FunnelProjectionApplication.class, args);
	}

}

package com.pilottracker.lifecycle;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class PilotLifecycleApplication {

	public static void main(String[] args) {
		SpringApplication.run(PilotLifecycleApplication.class, args);
	}

}

package com.pilottracker.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Runs a Spring Boot test on a real Kafka broker and a real PostgreSQL, chosen by
 * {@link InfrastructureChoice}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(PilotInfrastructureConfiguration.class)
public @interface ImportPilotInfrastructure {

}

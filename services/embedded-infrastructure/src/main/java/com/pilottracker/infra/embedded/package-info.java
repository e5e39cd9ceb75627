/**
 * A real Apache Kafka broker in KRaft mode and a real PostgreSQL server, both started
 * from artifacts on Maven Central, for the local runner and the integration tests.
 */
package com.pilottracker.infra.embedded;

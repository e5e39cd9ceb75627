/**
 * What the machine's building blocks can do on their own: a bare WebFlux endpoint,
 * Kafka's ProducerPerformance, plain JDBC upsert loops.
 */
package com.pilottracker.benchmarks.ceiling;

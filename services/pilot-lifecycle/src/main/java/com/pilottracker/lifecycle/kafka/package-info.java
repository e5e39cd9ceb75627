/**
 * Kafka wiring of the lifecycle: the milestone listener, its dead letters and retries,
 * and the topics it owns.
 */
package com.pilottracker.lifecycle.kafka;

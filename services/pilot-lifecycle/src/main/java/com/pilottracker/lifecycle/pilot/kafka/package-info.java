/**
 * Kafka wiring of the lifecycle: the milestone listener, its error handling, the
 * stage-change topic.
 */
package com.pilottracker.lifecycle.pilot.kafka;

/** Kafka wiring of the projection: the stage-change listener and its error handling. */
package com.pilottracker.projection.funnel.kafka;

/**
 * Event contracts shared by every service: the lifecycle's vocabulary (stages, milestone
 * types, enterprise identity), the events on each topic, topic and header names, and the
 * wire codecs that pin how each event looks on Kafka. Plain Java plus Jackson; no Spring,
 * no Kafka client types.
 */
package com.pilottracker.contracts;

/**
 * What every service does alike with Kafka: records to and from the contracts' wire form,
 * topics kept for good, and the error handling that dead-letters unreadable records and
 * retries everything else without limit.
 */
package com.pilottracker.kafka;

/**
 * The transactional outbox: records written in the same transaction as the change they
 * announce, and the relay that sends them to Kafka in order.
 */
package com.pilottracker.lifecycle.outbox;

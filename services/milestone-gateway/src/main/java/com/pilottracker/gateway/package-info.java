/**
 * The milestone gateway: providers' HTTP entry point, publishing accepted milestones to
 * Kafka.
 */
package com.pilottracker.gateway;

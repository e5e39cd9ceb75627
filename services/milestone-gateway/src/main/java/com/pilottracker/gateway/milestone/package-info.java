/**
 * Taking in a milestone: the CloudEvents request, its validation, and its hand-over to
 * Kafka.
 */
package com.pilottracker.gateway.milestone;

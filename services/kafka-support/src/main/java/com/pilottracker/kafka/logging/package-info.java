/**
 * Log lines that data cannot forge: the message converters every service's logging
 * pattern uses ({@code logback-spring.xml} includes
 * {@code com/pilottracker/kafka/logging/logback-base.xml}).
 */
package com.pilottracker.kafka.logging;

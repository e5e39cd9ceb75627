/**
 * Log lines that data cannot forge: every service's {@code %m} and {@code %wEx} escape
 * what came from outside ({@link com.pilottracker.kafka.logging.EscapedLogMessages}
 * installs them once Spring Boot has set logging up).
 */
package com.pilottracker.kafka.logging;

/**
 * The local runner: one command that starts a Kafka broker, PostgreSQL and the three
 * services as separate processes, and stops them all on Ctrl-C.
 */
package com.pilottracker.runner;

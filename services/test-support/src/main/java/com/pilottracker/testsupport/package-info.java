/**
 * Test support: chooses the infrastructure integration tests run on (external servers,
 * Testcontainers, or the embedded broker and database), starts it once per JVM, and wires
 * it into Spring Boot tests.
 */
package com.pilottracker.testsupport;

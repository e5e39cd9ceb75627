/**
 * Deciding milestones against PostgreSQL: one transaction per batch, exactly once per
 * milestone, on the log clock.
 */
package com.pilottracker.lifecycle.processing;

/**
 * Deciding milestones against PostgreSQL: one transaction per batch, exactly once per
 * milestone.
 */
package com.pilottracker.lifecycle.pilot.processing;

/**
 * The leadership's view of the funnel: figures live, as of a date and as known at an
 * instant, breakdowns, time in stage, stalled pilots, restatements, a live stream and
 * exports. Read-only: computed from the projection's tables.
 */
package com.pilottracker.projection.analytics;

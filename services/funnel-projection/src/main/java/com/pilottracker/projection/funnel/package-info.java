/**
 * The funnel's model: how a stage change moves the counts, and the funnel as it is read.
 * Pure Java; no framework, no I/O.
 */
package com.pilottracker.projection.funnel;

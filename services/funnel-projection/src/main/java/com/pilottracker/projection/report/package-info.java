/**
 * The office's letter: each programme's paragraph ({@code Programme.Report}) filled with
 * its figures as of a date and as known at an instant, as text and as JSON that says how
 * to reproduce every figure.
 */
package com.pilottracker.projection.report;

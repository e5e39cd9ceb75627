/**
 * The lifecycle's domain: an enterprise's pilot, the transition table, and the outcome of
 * applying a milestone. Pure Java; no framework, no I/O.
 */
package com.pilottracker.lifecycle.pilot;

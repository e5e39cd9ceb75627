/**
 * The lifecycle's domain, for every programme: the transition table derived from a
 * {@link com.pilottracker.contracts.Programme}'s definition, an enterprise's history in a
 * programme, and the verdict on one milestone. Pure Java; no framework, no I/O, no clock.
 */
package com.pilottracker.lifecycle.programme;

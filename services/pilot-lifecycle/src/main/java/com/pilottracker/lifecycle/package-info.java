/**
 * The lifecycle service: decides, for every programme, whether each milestone is a legal
 * step and publishes the steps it applies.
 */
package com.pilottracker.lifecycle;

/**
 * The pilot lifecycle service: decides whether each milestone is a legal step and
 * publishes the steps it applies.
 */
package com.pilottracker.lifecycle;

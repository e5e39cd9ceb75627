/**
 * The funnel projection service: keeps the funnel from the stage changes and serves it.
 */
package com.pilottracker.projection;

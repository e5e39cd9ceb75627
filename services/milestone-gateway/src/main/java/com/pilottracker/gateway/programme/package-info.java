/**
 * The programme office defines and revises programmes through the API: audited,
 * versioned, and published on {@code pilot.programmes} to every service.
 */
package com.pilottracker.gateway.programme;

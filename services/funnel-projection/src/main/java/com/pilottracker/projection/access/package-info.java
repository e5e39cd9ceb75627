/**
 * The projection's access rules: the funnel for every key, the rebuild for the office.
 */
package com.pilottracker.projection.access;

/**
 * The funnel in PostgreSQL: applying a batch of stage changes in one transaction, and
 * reading the counts.
 */
package com.pilottracker.projection.funnel.store;

/**
 * Reference data milestones are checked against: districts, industries, and the USCCs
 * accepted although they fail the check character. Kept in PostgreSQL, extended by the
 * programme office without a release.
 */
package com.pilottracker.gateway.reference;

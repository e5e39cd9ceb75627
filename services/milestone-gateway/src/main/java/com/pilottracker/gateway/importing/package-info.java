/**
 * The programme office's bulk import of applicants from CSV, as solicited milestones.
 */
package com.pilottracker.gateway.importing;

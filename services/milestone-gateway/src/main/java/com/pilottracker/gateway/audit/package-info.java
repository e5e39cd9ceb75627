/**
 * The programme office's audit trail: every write operation of the office, who did it
 * with which key, committed with the change it records.
 */
package com.pilottracker.gateway.audit;

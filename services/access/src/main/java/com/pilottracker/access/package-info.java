/**
 * Who may call the HTTP APIs: API keys stored as hashes in the {@code access} schema, the
 * roles OFFICE, PROVIDER and VIEWER, a per-key rate limit, and every refusal as an RFC
 * 9457 problem body.
 */
package com.pilottracker.access;

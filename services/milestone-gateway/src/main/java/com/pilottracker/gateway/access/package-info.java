/**
 * The gateway's access rules, and the office's API for issuing and revoking API keys.
 */
package com.pilottracker.gateway.access;

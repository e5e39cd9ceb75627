/**
 * Receipts: every milestone that got a 2xx, kept for good with the lifecycle's latest
 * decision on it, looked up by providers through the gateway.
 */
package com.pilottracker.gateway.receipt;

/**
 * The office's registries: service organisations (the providers), digital commissioners
 * and chain-leader enterprises, kept through the API, audited and versioned; what the
 * milestone checks name.
 */
package com.pilottracker.gateway.registry;

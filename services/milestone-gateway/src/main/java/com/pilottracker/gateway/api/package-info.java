/** The gateway's OpenAPI description, served at {@code /v3/api-docs}. */
package com.pilottracker.gateway.api;

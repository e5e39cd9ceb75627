/**
 * The office's registries as the projection knows them, from {@code pilot.registries}:
 * the names and domains that label the breakdowns by provider.
 */
package com.pilottracker.projection.registry;

/** The funnel over HTTP and as Prometheus gauges. */
package com.pilottracker.projection.funnel.web;

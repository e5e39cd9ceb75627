/** Rebuilding the projection from the stage-change log. */
package com.pilottracker.projection.funnel.rebuild;

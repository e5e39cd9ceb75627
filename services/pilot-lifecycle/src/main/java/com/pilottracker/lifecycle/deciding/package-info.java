/**
 * Deciding a batch of milestones in memory against the enterprises' stored histories, on
 * the partitions' log clocks: pure Java, the effects for the processor to write.
 */
package com.pilottracker.lifecycle.deciding;

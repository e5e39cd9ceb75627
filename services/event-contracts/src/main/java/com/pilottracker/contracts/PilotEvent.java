package com.pilottracker.contracts;

/** What the lifecycle decided about an enterprise's pilot, as published downstream. */
public sealed interface PilotEvent permits StageChanged, MilestoneDecided {

	/** The enterprise the event is about; the record key on every topic. */
	Uscc enterprise();

}

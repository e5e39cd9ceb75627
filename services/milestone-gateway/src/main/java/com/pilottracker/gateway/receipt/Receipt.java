package com.pilottracker.gateway.receipt;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.RejectionReason;

/**
 * What a provider learns about a milestone it posted.
 *
 * @param id the milestone's CloudEvents {@code id}
 * @param source the milestone's CloudEvents {@code source}
 * @param type the milestone's CloudEvents {@code type}
 * @param programme the programme whose definition declares the type (the type's first
 * word)
 * @param subject the enterprise's USCC
 * @param time when the step happened
 * @param status {@code PENDING} (durable, not yet decided), {@code APPLIED}, {@code HELD}
 * or {@code REJECTED}
 * @param waitingFor for a held milestone, the name of the stage of its programme it waits
 * for
 * @param reason for a rejected milestone, the reason code
 * @param detail the decision for a person
 * @param receivedAt when the gateway first accepted it
 * @param decidedAt when the lifecycle last decided it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(String id, String source, String type, String programme, String subject, Instant time,
		MilestoneStatus status, String waitingFor, RejectionReason reason, String detail, Instant receivedAt,
		Instant decidedAt) {

}

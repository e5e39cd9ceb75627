package com.pilottracker.lifecycle.deciding;

import java.time.Instant;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.lifecycle.programme.Verdict;

/**
 * A milestone as stored, with its latest verdict.
 *
 * @param milestone the milestone, with its acceptance time
 * @param verdict its latest verdict
 * @param decisionVersion how many verdicts it has had
 * @param decidedAt when the log shows the latest was decided
 */
public record StoredMilestone(Milestone milestone, Verdict verdict, long decisionVersion, Instant decidedAt) {

}

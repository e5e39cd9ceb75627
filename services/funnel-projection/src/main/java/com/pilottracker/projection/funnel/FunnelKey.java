package com.pilottracker.projection.funnel;

import com.pilottracker.contracts.Stage;

/** One counter of the funnel: a stage within a district and an industry. */
public record FunnelKey(String district, String industry, Stage stage) {

}

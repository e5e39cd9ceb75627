/**
 * The Xiamen demo: two generated, deterministic programmes whose figures are the ones in
 * the bureau's letter — the pilot (942 solicited, 566 contracted, 302 at pre-acceptance,
 * {@link com.pilottracker.runner.demo.XiamenScenario}) and the SME gradient (2,462
 * innovative SMEs, 2,080 specialised, 183 little giants as of 18 July 2025,
 * {@link com.pilottracker.runner.demo.GradientScenario}) — fed through the gateway's HTTP
 * API like providers and the office would, and the figures they must produce
 * ({@link com.pilottracker.runner.demo.ExpectedFunnel}).
 */
package com.pilottracker.runner.demo;

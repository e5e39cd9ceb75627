/**
 * The Xiamen demo: a generated, deterministic pilot programme whose funnel is the one in
 * the bureau's letter (942 solicited, 566 contracted, 302 at pre-acceptance), fed through
 * the gateway's HTTP API like a provider would.
 */
package com.pilottracker.runner.demo;

/**
 * The benchmark command: the product on the embedded stack, measured against the same
 * machine's ceilings in the same run, and JMH for the hot pure paths. Not part of the
 * test suite; see docs/performance.md.
 */
package com.pilottracker.benchmarks;

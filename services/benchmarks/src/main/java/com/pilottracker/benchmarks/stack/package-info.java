/**
 * The embedded broker and database and the three services as processes, for a benchmark
 * run.
 */
package com.pilottracker.benchmarks.stack;

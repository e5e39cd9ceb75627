/**
 * HTTP load (closed and open loop), request bodies, and end-to-end visibility in the
 * funnel.
 */
package com.pilottracker.benchmarks.load;

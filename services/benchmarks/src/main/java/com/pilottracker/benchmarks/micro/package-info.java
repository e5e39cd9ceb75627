/** JMH benchmarks of the hot pure paths, and their runner. */
package com.pilottracker.benchmarks.micro;

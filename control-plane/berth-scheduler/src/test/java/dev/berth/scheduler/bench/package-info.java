/**
 * JMH benchmarks of placement, run by {@code bench/scheduler.sh} on one core. Test scope only:
 * JMH never reaches the scheduler's runtime class path.
 */
package dev.berth.scheduler.bench;

/**
 * Target health checks with ELB's semantics: {@link dev.berth.lb.health.HealthChecker} sends
 * real HTTP checks over the data plane's Netty event loops and reports each change of a target's
 * {@link dev.berth.lb.config.TargetHealth}; {@link dev.berth.lb.health.Matcher} is the success
 * code syntax, shared with the API's validation.
 *
 * <p>Depends on {@link dev.berth.lb.config} and Netty only; it does not route or proxy, and it
 * does not report draining, which is the proxy's business.
 */
package dev.berth.lb.health;

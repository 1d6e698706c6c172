/**
 * Listener rules as ALB evaluates them: {@link dev.berth.lb.routing.Router} picks the first rule
 * whose conditions hold for a request, {@link dev.berth.lb.routing.Redirects} builds a redirect
 * rule's {@code Location}.
 *
 * <p>Pure logic: no I/O, no Netty, no threads. The proxy describes each request through
 * {@link dev.berth.lb.routing.RequestFacts}, so this package is tested without sockets.
 */
package dev.berth.lb.routing;

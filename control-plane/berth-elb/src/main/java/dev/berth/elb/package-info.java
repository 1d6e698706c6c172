/**
 * ELBv2 over the store: the {@code elasticloadbalancing} query-protocol front door, the
 * controller that turns load balancers, listeners, rules and target groups into the data plane's
 * configuration and writes target health back, and the link that registers ECS services' tasks
 * as targets and drains them before they stop.
 */
package dev.berth.elb;

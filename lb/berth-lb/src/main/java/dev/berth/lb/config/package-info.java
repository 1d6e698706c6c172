/**
 * The configuration the control plane hands to the data plane: immutable values, compared by
 * value so that applying the same configuration twice changes nothing.
 */
package dev.berth.lb.config;

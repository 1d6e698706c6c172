/** The berth executable: command-line entry points that wire the processes together. */
package dev.berth.dist;

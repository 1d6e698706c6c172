/** Amazon Resource Names: parsing and the ECS formats. Pure functions, no I/O. */
package dev.berth.domain.arn;

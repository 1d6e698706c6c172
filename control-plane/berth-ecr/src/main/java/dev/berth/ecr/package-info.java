/**
 * The ECR control plane: repositories, images and tags, lifecycle policies and authorization
 * tokens over the store, and the registry index the distribution protocol writes through.
 */
package dev.berth.ecr;

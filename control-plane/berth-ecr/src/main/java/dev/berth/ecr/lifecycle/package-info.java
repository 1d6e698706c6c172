/**
 * ECR lifecycle policies as pure logic: policy text parsed and refused as ECR refuses it, and the images a
 * policy expires as a function of the images and a time. Knows nothing of the store, the registry or the
 * clock; the callers read the images, pass the time, and delete what comes back.
 */
package dev.berth.ecr.lifecycle;

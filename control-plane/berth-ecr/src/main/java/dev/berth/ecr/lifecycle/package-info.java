/** ECR lifecycle policies: the policy text's rules and their evaluation, a pure function of images and a time. */
package dev.berth.ecr.lifecycle;

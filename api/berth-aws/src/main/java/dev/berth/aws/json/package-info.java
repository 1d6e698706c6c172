/** JSON settings shared by the AWS JSON protocols. Depends on Jackson only. */
package dev.berth.aws.json;

/**
 * Clustering: the Hazelcast configuration (loopback TCP-IP discovery by default, Kubernetes DNS
 * discovery, or a file that replaces it), membership logging and health, and the report of lost
 * members whose presence entries must go.
 */
package io.switchboard.cluster;

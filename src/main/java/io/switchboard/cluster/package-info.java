/**
 * Clustering: the Hazelcast configuration (loopback TCP-IP discovery by default, Kubernetes DNS
 * discovery, or a file that replaces it) under a cluster name that carries the token key's
 * fingerprint, membership logging and health, and the report of lost members whose presence
 * entries must go.
 */
package io.switchboard.cluster;

/**
 * For backends on the JVM: join the nodes' cluster as a member that holds no data
 * ({@link io.switchboard.backend.BackendMember}) and use the event-bus contract of the README.
 */
package io.switchboard.backend;

/**
 * Backend hooks: a backend takes part in what clients do. A namespace's publications can wait for
 * a backend's verdict (accept, rewrite, reject) on {@code switchboard.inbound.<namespace>}, and a
 * client's {@code rpc} frame is a request to {@code switchboard.rpc.<method>}; both bounded by a
 * timeout, after which the client is told {@code unavailable}.
 */
package io.switchboard.hooks;

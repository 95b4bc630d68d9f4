/**
 * Wire protocol v1: the seed's JSON text frames and Switchboard's optional extensions. Client and
 * server frames are sealed records; {@link io.switchboard.protocol.FrameCodec} is the one place that
 * reads and writes JSON; error and close codes are closed enums. A leaf package: no sockets, no
 * event bus.
 */
package io.switchboard.protocol;

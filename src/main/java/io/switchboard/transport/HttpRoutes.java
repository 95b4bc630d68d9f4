package io.switchboard.transport;

/**
 * The plain HTTP routes served next to the WebSocket endpoint. Called on an event loop: it must
 * answer at once, from state it can read without blocking.
 */
@FunctionalInterface
public interface HttpRoutes {
  /**
   * @param method the request method, upper case
   * @param path the request path, without the query
   * @param query the query's parameters, decoded
   */
  HttpReply handle(String method, String path, java.util.Map<String, java.util.List<String>> query);
}

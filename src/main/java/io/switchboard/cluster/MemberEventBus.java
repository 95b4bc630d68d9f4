package io.switchboard.cluster;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/** The event-bus options every member of a Switchboard cluster uses: nodes and JVM backends alike. */
public final class MemberEventBus {
  private MemberEventBus() {}

  /**
   * Listens on {@code cluster.host} (or, for 0.0.0.0, lets Vert.x ask Hazelcast, which advertises
   * the address it actually bound: a pod's IP) and {@code cluster.eventBusPort}; with {@code
   * cluster.tls}, TLS both ways with the CA as the only trust (Vert.x trusts every server by
   * default: that is turned off).
   */
  public static EventBusOptions options(ClusterConfig cluster) {
    EventBusOptions options = new EventBusOptions().setPort(cluster.eventBusPort()).setReconnectInterval(1000);
    if (!cluster.host().equals("0.0.0.0")) {
      options.setHost(cluster.host());
    }
    MemberTls tls = cluster.tls();
    if (tls.enabled()) {
      options.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()))
          .setTrustOptions(new PemTrustOptions().addCertPath(tls.caPath()))
          .setTrustAll(false)
          .setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }
}

package io.switchboard.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.backend.BackendMember;
import io.switchboard.channel.ChannelAddresses;
import io.switchboard.testing.RunningCluster;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Members that speak TLS to each other on the event bus ({@code cluster.tls}), from outside: two
 * nodes serve each other's clients, a backend with the members' certificate sends and receives,
 * and a process that joined Hazelcast without the certificate can do neither on the event bus.
 */
class MemberTlsEndToEndTest {
  private static final int BASE_PORT = 16601;
  /** One key pair for every member, its certificate its own CA: the README's simplest setup. */
  private static final SelfSignedCertificate MEMBER = SelfSignedCertificate.create("switchboard-member");
  private static final List<String> TLS = List.of("cluster.tls.certPath=" + MEMBER.certificatePath(),
      "cluster.tls.keyPath=" + MEMBER.privateKeyPath(), "cluster.tls.caPath=" + MEMBER.certificatePath());

  @RegisterExtension
  static final RunningCluster cluster = new RunningCluster(BASE_PORT, 2, TLS.toArray(new String[0]));

  private static BackendMember join(List<String> settings) throws Exception {
    return BackendMember.join(TestNode.SECRET, cluster.cluster().name, BASE_PORT + 2,
        "127.0.0.1:" + BASE_PORT + ",127.0.0.1:" + (BASE_PORT + 1), settings);
  }

  private static JsonObject direct(String user, String content) {
    return new JsonObject().put("user", user).put("content", content);
  }

  @Test
  void membersWithTheCertificateServeEachOtherAndAStrangerIsRefused() throws Exception {
    try (TestClient alice = cluster.connect(1, "alice-tls"); TestClient bob = cluster.connect(0, "bob-tls")) {
      alice.subscribe("tls-room");
      bob.subscribe("tls-room");
      bob.publish("tls-room", "across TLS");
      assertEquals("across TLS", alice.next("message").getString("content"), "node 0 to node 1 over the TLS event bus");

      try (BackendMember member = join(TLS); BackendMember stranger = join(List.of())) {
        AtomicInteger memberEvents = new AtomicInteger();
        AtomicInteger strangerEvents = new AtomicInteger();
        member.vertx().eventBus().consumer("switchboard.events", m -> memberEvents.incrementAndGet())
            .completion().await(10, TimeUnit.SECONDS);
        stranger.vertx().eventBus().consumer("switchboard.events", m -> strangerEvents.incrementAndGet())
            .completion().await(10, TimeUnit.SECONDS);

        member.vertx().eventBus().request(ChannelAddresses.DIRECT, direct("alice-tls", "from a member"))
            .await(10, TimeUnit.SECONDS);
        assertEquals("from a member", alice.next("direct").getString("content"));

        DeliveryOptions brief = new DeliveryOptions().setSendTimeout(3_000);
        assertThrows(Exception.class, () -> stranger.vertx().eventBus()
            .request(ChannelAddresses.DIRECT, direct("alice-tls", "from a stranger"), brief).await(10, TimeUnit.SECONDS),
            "a member without the certificate cannot reach the nodes' event bus");

        try (TestClient carol = cluster.connect(0, "carol-tls")) {
          assertFalse(carol.isClosed());
          await().atMost(Duration.ofSeconds(10)).until(() -> memberEvents.get() > 0);
          // the nodes publish each event to the stranger's registration too, and cannot deliver it
          await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> strangerEvents.get() == 0);
        }
      }
      alice.send(new JsonObject().put("type", "ping").put("ref", "end"));
      assertEquals("pong", alice.next().getString("type"), "the stranger's direct message never arrived");
    }
  }
}

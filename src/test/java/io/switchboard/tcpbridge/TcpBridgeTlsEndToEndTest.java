package io.switchboard.tcpbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.switchboard.testing.BridgeWire;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bridge over TLS with client certificates: a service holding a certificate the configured CA
 * signed needs no key on its frames; one without a certificate, or with another, never gets to send one.
 */
class TcpBridgeTlsEndToEndTest {
  static final SelfSignedCertificate SERVER = SelfSignedCertificate.create("localhost");
  /** Self-signed, and named as the client CA: it signs itself. */
  static final SelfSignedCertificate SERVICE = SelfSignedCertificate.create("billing");
  static final SelfSignedCertificate STRANGER = SelfSignedCertificate.create("stranger");

  @RegisterExtension
  static final RunningNode node = new RunningNode("bridge.tcp.port=0",
      "bridge.tcp.tls.certPath=" + SERVER.certificatePath(), "bridge.tcp.tls.keyPath=" + SERVER.privateKeyPath(),
      "bridge.tcp.tls.clientCaPath=" + SERVICE.certificatePath());

  private static SSLSocket connect(SelfSignedCertificate as) throws IOException {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .trustManager(new File(SERVER.certificatePath()));
    if (as != null) {
      builder.keyManager(new File(as.certificatePath()), new File(as.privateKeyPath()));
    }
    SSLContext context = ((JdkSslContext) builder.build()).context();
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.tcpBridgePort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  @Test
  void aServiceWithTheCasCertificatePublishesWithoutAKey() throws Exception {
    try (TestClient reader = node.connect("reader"); Socket socket = connect(SERVICE); BridgeWire w = BridgeWire.over(socket)) {
      reader.subscribe("invoices");
      w.write(new JsonObject().put("type", "send").put("address", "switchboard.publish").put("replyAddress", "r1")
          .put("body", new JsonObject().put("channel", "invoices").put("content", "paid")).encode());
      JsonObject reply = new JsonObject(w.read());
      assertEquals("r1", reply.getString("address"), reply.encode());
      assertEquals("paid", reader.next("message").getString("content"));
    }
  }

  @Test
  void aServiceWithoutTheRightCertificateCannotSendAFrame() throws Exception {
    for (SelfSignedCertificate as : new SelfSignedCertificate[] {null, STRANGER}) {
      assertThrows(IOException.class, () -> {
        try (SSLSocket socket = connect(as); BridgeWire w = BridgeWire.over(socket)) {
          socket.startHandshake();
          w.write(new JsonObject().put("type", "ping").encode());
          w.read();
        }
      }, "refused during the TLS handshake (client: " + (as == null ? "none" : "stranger") + ")");
    }
  }
}

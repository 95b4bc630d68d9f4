package io.switchboard.session;

import io.switchboard.auth.ChannelAction;
import io.switchboard.auth.Identity;
import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.HistoryQuery;
import io.switchboard.hooks.BackendHooks;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;

/**
 * Serves the client frames of one {@link Session}, on its event loop. A request that cannot be
 * served throws {@link ProtocolException}, which the session turns into one {@code error} frame.
 */
final class FrameHandler {
  private final Session session;

  FrameHandler(Session session) {
    this.session = session;
  }

  void handle(ClientFrame frame) {
    if (session.state == Session.State.AWAITING_AUTH) {
      if (frame instanceof ClientFrame.Auth auth) {
        firstAuth(auth);
      } else {
        session.close(CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED.reason());
      }
      return;
    }
    if (frame instanceof ClientFrame.Publish f) {
      publish(f);
    } else if (frame instanceof ClientFrame.Subscribe f) {
      subscribe(f);
    } else if (frame instanceof ClientFrame.Unsubscribe f) {
      unsubscribe(f);
    } else if (frame instanceof ClientFrame.Ping f) {
      session.send(new ServerFrame.Pong(f.ref()));
    } else if (frame instanceof ClientFrame.Auth f) {
      refresh(f);
    } else if (frame instanceof ClientFrame.PresenceQuery f) {
      presence(f);
    } else if (frame instanceof ClientFrame.HistoryQuery f) {
      history(f);
    } else if (frame instanceof ClientFrame.Rpc f) {
      rpc(f);
    }
  }

  private void firstAuth(ClientFrame.Auth auth) {
    verified(auth, who -> {
      session.authenticated(who);
      if (!session.isClosed()) {
        session.send(new ServerFrame.Ack(auth.ref(), who.userId()));
      }
    });
  }

  /** A new token on a live socket: same user only; it moves the expiry. */
  private void refresh(ClientFrame.Auth auth) {
    verified(auth, next -> {
      if (!next.userId().equals(session.identity.userId())) {
        session.close(CloseCode.FORBIDDEN, "Token is for another user");
        return;
      }
      session.identity = session.services.permissions().retainedPart(next);
      session.send(new ServerFrame.Ack(auth.ref(), next.userId()));
    });
  }

  /** Verifies the frame's token: a refusal closes with 4001, an identity goes to {@code then}. */
  private void verified(ClientFrame.Auth auth, java.util.function.Consumer<Identity> then) {
    session.services.verifier().verify(auth.token()).onComplete(ar -> {
      if (session.isClosed()) {
        return;
      }
      if (ar.failed()) {
        session.close(CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED.reason());
        return;
      }
      then.accept(ar.result());
    });
  }

  private void subscribe(ClientFrame.Subscribe f) {
    String channel = f.channel();
    Boolean recovered = f.since() == null ? null : Boolean.FALSE;
    Session.Subscription existing = session.subscriptions.get(channel);
    if (existing != null) {
      // answered only once the first subscribe is live: "subscribed" always means live
      existing.handle.ready().onComplete(ar -> {
        if (session.isClosed()) {
          return;
        }
        if (ar.succeeded() && session.subscriptions.get(channel) == existing) {
          session.send(new ServerFrame.Subscribed(channel, recovered, positionOf(channel, existing), f.ref()));
        } else {
          session.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "the subscription did not complete, try again",
              channel, f.ref()));
        }
      });
      return;
    }
    if (session.subscriptions.size() >= session.services.limits().maxSubscriptions()) {
      throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
          "at most " + session.services.limits().maxSubscriptions() + " subscriptions per connection",
          f.ref(), channel);
    }
    requirePermission(ChannelAction.SUBSCRIBE, channel, f.ref());
    Session.Subscription sub = new Session.Subscription(session.loop.index().subscribe(channel, session));
    session.addSubscription(channel, sub);
    sub.handle.ready().onComplete(ar -> {
      if (session.isClosed() || session.subscriptions.get(channel) != sub) {
        return; // unsubscribed or closed meanwhile: the release already happened
      }
      if (ar.failed()) {
        session.unsubscribe(channel, sub);
        session.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "channel is unavailable, try again", channel, f.ref()));
        return;
      }
      HistoryPolicy policy = session.services.publisher().history().policyOf(channel);
      if (policy != null && f.since() != null) {
        new Recovery(session, channel, sub, f, policy, () -> live(channel, sub)).start();
        return;
      }
      sub.handle.activate();
      session.send(new ServerFrame.Subscribed(channel, recovered, positionOf(channel, sub), f.ref()));
      live(channel, sub);
    });
  }

  /** The subscription's position for its reply: null on channels without history. */
  private ClientFrame.StreamPosition positionOf(String channel, Session.Subscription sub) {
    return session.services.publisher().history().policyOf(channel) == null ? null
        : Positions.wire(sub.handle.position());
  }

  /** The subscription is live: backends hear of it, and presence counts it. */
  private void live(String channel, Session.Subscription sub) {
    if (session.isClosed() || session.subscriptions.get(channel) != sub) {
      return;
    }
    String user = session.identity.userId();
    sub.announced = true;
    session.services.events().subscribed(user, session.connectionId, channel);
    if (session.services.presenceEnabled().test(channel)) {
      sub.inPresence = true;
      session.services.presence().join(channel, user, session.connectionId);
    }
  }

  private void unsubscribe(ClientFrame.Unsubscribe f) {
    Session.Subscription sub = session.subscriptions.get(f.channel());
    if (sub == null) {
      throw new ProtocolException(ErrorCode.NOT_SUBSCRIBED, "not subscribed to this channel", f.ref(), f.channel());
    }
    session.unsubscribe(f.channel(), sub);
    session.send(new ServerFrame.Unsubscribed(f.channel(), f.ref()));
  }

  private void publish(ClientFrame.Publish f) {
    requirePermission(ChannelAction.PUBLISH, f.channel(), f.ref());
    Session.Subscription pending = session.subscriptions.get(f.channel());
    if (pending != null && !pending.handle.ready().isComplete()) {
      // subscribe and publish sent together (the seed's clients do): the publication waits for the
      // subscription, after its reply, so the client gets its own message as the seed promised.
      // Bounded: by the rate limit, over at most streams.timeout.
      pending.handle.ready().onComplete(ar -> {
        if (!session.isClosed()) {
          try {
            publishChecked(f);
          } catch (ProtocolException e) {
            session.send(e.toFrame());
          }
        }
      });
      return;
    }
    publishChecked(f);
  }

  /** A permitted publication, through the namespace's backend when it has one. */
  private void publishChecked(ClientFrame.Publish f) {
    BackendHooks hooks = session.services.hooks();
    if (!hooks.hasPublishHook(f.channel())) {
      publishNow(f, f.content());
      return;
    }
    Future<Object> verdict = hooks.beforePublish(f.channel(), f.content(), session.identity.userId(),
        session.connectionId, f.ref());
    boolean queued = session.awaitingBackend().add(verdict, ar -> {
      if (session.isClosed()) {
        return;
      }
      if (ar.succeeded()) {
        publishNow(f, ar.result());
      } else {
        session.send(errorOf(ar.cause(), f.channel(), f.ref()));
      }
    });
    if (!queued) {
      throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many publications await the backend", f.ref(),
          f.channel());
    }
  }

  private void rpc(ClientFrame.Rpc f) {
    BackendHooks hooks = session.services.hooks();
    if (!hooks.rpcAllowed(f.method())) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "no such rpc method", f.ref(), null);
    }
    if (session.pendingRpc >= hooks.maxPendingRpc()) {
      throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many rpc calls await their answer", f.ref(), null);
    }
    session.pendingRpc++;
    hooks.rpc(f.method(), f.data(), session.identity.userId(), session.connectionId, f.ref()).onComplete(ar -> {
      session.pendingRpc--;
      if (session.isClosed()) {
        return;
      }
      session.send(ar.succeeded() ? new ServerFrame.RpcResult(f.ref(), ar.result()) : errorOf(ar.cause(), null, f.ref()));
    });
  }

  private static ServerFrame.Error errorOf(Throwable failure, String channel, Object ref) {
    return failure instanceof ProtocolException e ? new ServerFrame.Error(e.code(), e.getMessage(), channel, ref)
        : new ServerFrame.Error(ErrorCode.UNAVAILABLE, "the backend did not answer, try again", channel, ref);
  }

  /** Publishes {@code content} as the client's publication {@code f}, and answers it. */
  private void publishNow(ClientFrame.Publish f, Object content) {
    session.services.counters().countPublished();
    // on a channel with history the answer comes once the publication is stored, with its place
    session.services.publisher().publishMessage(f.channel(), content, session.identity.userId(), null)
        .onComplete(ar -> {
          if (session.isClosed()) {
            return;
          }
          if (ar.failed()) {
            session.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "the publication could not be stored, try again",
                f.channel(), f.ref()));
          } else if (f.ref() != null) {
            session.send(new ServerFrame.Ack(f.ref(), null,
                ar.result() == null ? null : Positions.wire(ar.result().position())));
          }
        });
  }

  private void history(ClientFrame.HistoryQuery f) {
    requirePermission(ChannelAction.SUBSCRIBE, f.channel(), f.ref());
    ChannelHistory history = session.services.publisher().history();
    HistoryPolicy policy = history.policyOf(f.channel());
    if (policy == null) {
      throw new ProtocolException(ErrorCode.UNAVAILABLE, "history is not enabled for this channel", f.ref(), f.channel());
    }
    HistoryQuery query = new HistoryQuery(f.limit(), f.since() == null ? null : Positions.of(f.since()), f.reverse());
    query.ask(history.streams(), f.channel(), policy).onComplete(ar -> {
      if (session.isClosed()) {
        return;
      }
      if (ar.failed()) {
        session.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "history is unavailable, try again", f.channel(), f.ref()));
        return;
      }
      session.send(ar.result().toFrame(f.channel(), f.ref()));
    });
  }

  private void presence(ClientFrame.PresenceQuery f) {
    requirePermission(ChannelAction.SUBSCRIBE, f.channel(), f.ref());
    if (!session.services.presenceEnabled().test(f.channel())) {
      throw new ProtocolException(ErrorCode.UNAVAILABLE, "presence is not enabled for this channel", f.ref(), f.channel());
    }
    session.services.presence().users(f.channel()).onComplete(ar -> {
      if (ar.succeeded()) {
        session.send(new ServerFrame.Presence(f.channel(), ar.result(), f.ref()));
      } else {
        session.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "presence is unavailable, try again", f.channel(), f.ref()));
      }
    });
  }

  private void requirePermission(ChannelAction action, String channel, Object ref) {
    if (!session.services.permissions().allows(session.identity, action, channel)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN,
          "not allowed to " + action.name().toLowerCase() + " on this channel", ref, channel);
    }
  }
}

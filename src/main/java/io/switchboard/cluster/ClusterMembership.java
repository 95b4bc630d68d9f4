package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.multimap.LocalMultiMapStats;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Watches the cluster's members: logs them readably on every change, answers health checks, and
 * reports each member that leaves or is lost, so that its presence entries can be dropped.
 * Hazelcast calls the listener on its own event threads, never on a Vert.x event loop.
 */
public final class ClusterMembership implements MembershipListener {
  /**
   * The member attribute carrying a fingerprint of the node's namespaces (permissions, presence,
   * history): nodes of one cluster are meant to share them, and a node that joins with others is
   * warned of (once per member), since each node then serves those channels by its own rules.
   */
  public static final String NAMESPACES_ATTRIBUTE = "switchboard.namespaces";

  private static final Logger LOG = Logger.getLogger(ClusterMembership.class.getName());
  /** The member attribute where Vert.x's Hazelcast cluster manager keeps its node id. */
  static final String VERTX_NODE_ID = "__vertx.nodeId";
  /** How many lost members are remembered, to recognise one that merges back. */
  private static final int MAX_REMEMBERED = 1024;

  private final HazelcastInstance hazelcast;
  private final Consumer<String> onMemberGone;
  private final Runnable onMigrationsDone;
  private Runnable onRejoin = () -> {};
  /** Node ids of members that left or were lost, most recent last: one that comes back is a rejoin. */
  private final Set<String> gone = Collections.synchronizedSet(new LinkedHashSet<>());
  private UUID registration;
  private UUID migrationRegistration;
  private UUID lifecycleRegistration;

  /**
   * @param onMemberGone told the node id of every member that left or was lost: {@link #nodeId}
   * @param onMigrationsDone told when a round of partition migrations has finished: operations
   *     retried during it may have landed out of order
   */
  public ClusterMembership(HazelcastInstance hazelcast, Consumer<String> onMemberGone, Runnable onMigrationsDone) {
    this.hazelcast = hazelcast;
    this.onMemberGone = onMemberGone;
    this.onMigrationsDone = onMigrationsDone;
  }

  /**
   * Sets what to do when this node merges back into the cluster after a split, or sees a member it
   * had lost come back: announcements published while they could not reach each other were lost.
   * Called on a Hazelcast thread.
   */
  public void onRejoin(Runnable action) {
    this.onRejoin = action;
  }

  /** Starts listening and logs the current members once. */
  public void start() {
    registration = hazelcast.getCluster().addMembershipListener(this);
    lifecycleRegistration = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        log("merged back into the cluster after a split");
        onRejoin.run();
      }
    });
    migrationRegistration = hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {}

      @Override
      public void migrationFinished(MigrationState state) {
        onMigrationsDone.run();
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {}

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {}
    });
    log("joined cluster '" + hazelcast.getConfig().getClusterName() + "'");
    hazelcast.getCluster().getMembers().forEach(this::warnOfOtherNamespaces);
  }

  public void stop() {
    if (registration != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(registration);
      hazelcast.getPartitionService().removeMigrationListener(migrationRegistration);
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
    }
  }

  /** Whether this node is a running member of a cluster. */
  public boolean joined() {
    return hazelcast.getLifecycleService().isRunning()
        && hazelcast.getCluster().getMembers().contains(hazelcast.getCluster().getLocalMember());
  }

  /** The members this node sees, itself included; 0 when it is not running. */
  public int members() {
    return hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0;
  }

  /** The node ids of the members that hold data (the gateways; lite members are backends), oldest first. */
  public java.util.List<String> dataNodes() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return java.util.List.of();
    }
    return hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember())
        .map(ClusterMembership::nodeId).toList();
  }

  /**
   * Whether this node is the oldest member that holds data (lite members, backends, are passed
   * over): the one member that cleans up after a lost node where every member could.
   */
  public boolean oldestDataMember() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return false;
    }
    Member self = hazelcast.getCluster().getLocalMember();
    return hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).findFirst()
        .map(self::equals).orElse(false);
  }

  /**
   * Operations this member has executed on the map entries it owns (reads, writes, removals, entry
   * processors, as Hazelcast's local statistics count them), over every map and multimap: the
   * cluster's work, summed over its members.
   */
  public long mapOperations() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return 0;
    }
    long ops = 0;
    for (DistributedObject object : hazelcast.getDistributedObjects()) {
      if (object instanceof IMap<?, ?> map) {
        LocalMapStats s = map.getLocalMapStats();
        ops += s.getGetOperationCount() + s.getPutOperationCount() + s.getSetOperationCount()
            + s.getRemoveOperationCount() + s.getOtherOperationCount();
      } else if (object instanceof MultiMap<?, ?> multi) {
        LocalMultiMapStats s = multi.getLocalMultiMapStats();
        ops += s.getGetOperationCount() + s.getPutOperationCount() + s.getRemoveOperationCount()
            + s.getOtherOperationCount();
      }
    }
    return ops;
  }

  public String clusterName() {
    return hazelcast.getConfig().getClusterName();
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    log("member joined " + address(event.getMember()));
    warnOfOtherNamespaces(event.getMember());
    if (gone.remove(nodeId(event.getMember()))) {
      onRejoin.run();
    }
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    log("member left " + address(event.getMember()));
    String node = nodeId(event.getMember());
    synchronized (gone) {
      gone.add(node);
      if (gone.size() > MAX_REMEMBERED) {
        gone.remove(gone.iterator().next());
      }
    }
    onMemberGone.accept(node);
  }

  /** Warns when {@code member} (a node, not a backend) runs with other namespaces than this node. */
  private void warnOfOtherNamespaces(Member member) {
    String ours = hazelcast.getCluster().getLocalMember().getAttribute(NAMESPACES_ATTRIBUTE);
    String theirs = member.getAttribute(NAMESPACES_ATTRIBUTE);
    if (ours != null && theirs != null && !ours.equals(theirs)) {
      LOG.warning("Cluster: member " + address(member) + " runs with other namespaces than this node (" + theirs
          + " here " + ours + "): each serves the channels they configure differently by its own rules. Expected"
          + " only while a change of namespaces rolls out node by node");
    }
  }

  /**
   * A member's node id: the Vert.x node id its member attributes carry (stable when Hazelcast
   * gives a member a new UUID on a merge after a split), else its UUID (a member without Vert.x).
   */
  public static String nodeId(Member member) {
    String vertx = member.getAttribute(VERTX_NODE_ID);
    return vertx != null ? vertx : member.getUuid().toString();
  }

  private void log(String what) {
    Member self = hazelcast.getCluster().getLocalMember();
    Set<Member> members = hazelcast.getCluster().getMembers();
    String list = members.stream()
        .map(m -> address(m) + (m.equals(self) ? " (this node)" : "") + (m.isLiteMember() ? " (lite)" : ""))
        .collect(Collectors.joining(", "));
    LOG.info("Cluster: " + what + "; " + members.size() + " member(s): " + list);
  }

  private static String address(Member m) {
    return m.getAddress().getHost() + ":" + m.getAddress().getPort();
  }
}

# The Switchboard node image. Build the jar first, then the image:
#   mvn -B -DskipTests package && docker build -t switchboard:0.1.0 .
# Run it (a key makes it serve the published port; README, Running in production):
#   docker run -p 8080:8080 -e SWITCHBOARD_JWT_SECRET="$(head -c 32 /dev/urandom | base64)" switchboard:0.1.0
FROM eclipse-temurin:17-jre

# An unprivileged user with a fixed id (the StatefulSet runs as 10001, runAsNonRoot).
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin switchboard

COPY target/switchboard.jar /app/switchboard.jar

USER 10001:10001

# Clients reach the node through the container's published port: bind every interface. Only with
# a key configured (SWITCHBOARD_JWT_SECRET, or a public key): without one the node runs in dev mode,
# which binds loopback whatever this says, so an unkeyed node is never reachable from outside.
# The API port stays on loopback (set SWITCHBOARD_API_HOST=0.0.0.0 and publish it to a private
# address only). The event bus between members gets a fixed port, so that it can be published or
# firewalled like Hazelcast's.
ENV SWITCHBOARD_HTTP_HOST=0.0.0.0 \
    SWITCHBOARD_CLUSTER_EVENT_BUS_PORT=5801

# 8080: WebSockets and /health; 9080: the server API, /metrics, /stats; 5701: Hazelcast;
# 5801: the event bus between members.
EXPOSE 8080 9080 5701 5801

# Exec form: java is PID 1 and gets SIGTERM itself (the node drains, then leaves the cluster).
# The JVM flags measured in BENCHMARKS.md (about 5 kB per idle connection): the serial collector
# with a fixed 16 MB young generation; the heap at half the container's memory, the rest for
# Netty's direct buffers (capped), metaspace and thread stacks; an OutOfMemoryError ends the
# process so that the orchestrator restarts it. Without arguments the node starts with the built-in
# defaults; Kubernetes passes --config /etc/switchboard/switchboard.yaml.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmn16m", "-XX:MaxRAMPercentage=50", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/switchboard.jar"]

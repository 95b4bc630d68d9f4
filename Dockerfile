# The Switchboard node image. Build the jar first, then the image:
#   mvn -B -DskipTests package && docker build -t switchboard:0.1.0 .
FROM eclipse-temurin:17-jre

# An unprivileged user with a fixed id (the StatefulSet runs as 10001, runAsNonRoot).
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin switchboard

COPY target/switchboard.jar /app/switchboard.jar

USER 10001:10001
# 8080: WebSockets and /health; 5701: Hazelcast. The event bus between nodes uses a random port.
EXPOSE 8080 5701

# Exec form: java is PID 1 and gets SIGTERM itself (sockets closed with 1001, cluster left).
# Without arguments the node starts with the built-in defaults; Kubernetes passes
# --config /etc/switchboard/switchboard.yaml.
ENTRYPOINT ["java", "-jar", "/app/switchboard.jar"]

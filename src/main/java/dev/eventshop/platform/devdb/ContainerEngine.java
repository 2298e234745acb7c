package dev.eventshop.platform.devdb;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "would Quarkus Dev Services be able to start a container here?" without pulling in Testcontainers.
 * A socket file alone is not enough: the Docker CLI can be installed with no engine behind it, so we connect.
 */
final class ContainerEngine {

    private ContainerEngine() {
    }

    static boolean available() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            if (!dockerHost.startsWith("unix://")) {
                return true; // a remote engine (tcp://, ssh://): trust the user's configuration
            }
            return reachable(Path.of(dockerHost.substring("unix://".length())));
        }
        for (Path socket : candidateSockets()) {
            if (reachable(socket)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> candidateSockets() {
        List<Path> sockets = new ArrayList<>();
        sockets.add(Path.of("/var/run/docker.sock"));
        String home = System.getProperty("user.home");
        if (home != null) {
            sockets.add(Path.of(home, ".docker", "run", "docker.sock"));
            sockets.add(Path.of(home, ".docker", "desktop", "docker.sock"));
            sockets.add(Path.of(home, ".colima", "default", "docker.sock"));
            sockets.add(Path.of(home, ".rd", "docker.sock"));
        }
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        sockets.add(Path.of("/run/podman/podman.sock"));
        return sockets;
    }

    private static boolean reachable(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

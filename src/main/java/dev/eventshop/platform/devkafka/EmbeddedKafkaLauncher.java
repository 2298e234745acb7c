package dev.eventshop.platform.devkafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import javax.management.ObjectName;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jboss.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * Starts one real Kafka broker (KRaft, broker and controller in one) per JVM, for {@code quarkus:dev} and tests, from
 * the {@code kafka_2.13} jars (Maven {@code provided} scope: never in the packaged application), on a machine without
 * a container engine. The "already started" mark lives in a system
 * property so that every class loader of the JVM (Quarkus starts tests in their own) finds the one broker. Ports are
 * picked free just before the broker binds them; another process taking one in between fails the start loudly.
 */
public final class EmbeddedKafkaLauncher {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaLauncher.class);
    private static final String STARTED = "eventshop.embedded-kafka.bootstrap-servers";
    private static final String CONTROLS = "dev.eventshop:type=EmbeddedKafka";
    private static volatile KafkaRaftServer server;
    private static volatile Properties config;

    private EmbeddedKafkaLauncher() {
    }

    /** @return the bootstrap servers of the running broker */
    public static String ensureStarted() {
        synchronized (System.getProperties()) {
            String servers = System.getProperty(STARTED);
            if (servers != null) {
                return servers;
            }
            long started = System.nanoTime();
            int brokerPort = freePort();
            int controllerPort = freePort();
            try {
                Path dir = Files.createTempDirectory("eventshop-kafka");
                Properties props = new Properties();
                props.put("process.roles", "broker,controller");
                props.put("node.id", "1");
                props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
                props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
                props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
                props.put("controller.listener.names", "CONTROLLER");
                props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
                props.put("inter.broker.listener.name", "PLAINTEXT");
                props.put("log.dirs", dir.resolve("data").toString());
                props.put("num.partitions", "4");
                props.put("offsets.topic.replication.factor", "1");
                props.put("offsets.topic.num.partitions", "4");
                props.put("transaction.state.log.replication.factor", "1");
                props.put("transaction.state.log.min.isr", "1");
                props.put("group.initial.rebalance.delay.ms", "0");
                // the default takes 128 MiB of heap for compaction nobody needs here
                props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
                Path file = dir.resolve("server.properties");
                try (Writer out = Files.newBufferedWriter(file)) {
                    props.store(out, "eventshop embedded Kafka");
                }
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                int formatted = kafka.tools.StorageTool.execute(new String[] { "format", "-t",
                        Uuid.randomUuid().toString(), "-c", file.toString() },
                        new PrintStream(output, true, StandardCharsets.UTF_8));
                if (formatted != 0) {
                    throw new IllegalStateException("Formatting the embedded Kafka storage failed: " + output);
                }
                config = props;
                KafkaRaftServer started0 = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
                started0.startup();
                server = started0;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    KafkaRaftServer last = server;
                    if (last != null) {
                        last.shutdown();
                    }
                    deleteQuietly(dir);
                }, "embedded-kafka-shutdown"));
                try {
                    awaitListening(brokerPort, Duration.ofSeconds(30));
                } catch (RuntimeException notListening) {
                    started0.shutdown();
                    server = null;
                    throw notListening;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded Kafka broker", e);
            }
            servers = "127.0.0.1:" + brokerPort;
            System.setProperty(STARTED, servers);
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(new Control(), new ObjectName(CONTROLS));
            } catch (javax.management.JMException notRegistered) {
                LOG.debugf("Embedded Kafka broker controls not registered: %s", notRegistered.getMessage());
            }
            LOG.infof("Embedded Kafka broker (KRaft) started in %d ms at %s",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), servers);
            return servers;
        }
    }

    /**
     * Stops the broker as an outage would, keeping its data and its ports: {@link #restart()} brings the same broker
     * back at the same address, with its topics and its consumer groups' offsets. Works from any class loader of the
     * JVM: the broker may have been started from another one (a config source, a test resource).
     */
    public static void outage() {
        control("outage");
    }

    /** Brings the broker stopped by {@link #outage()} back. */
    public static void restart() {
        control("restart");
    }

    private static void control(String action) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(CONTROLS), action, null, null);
        } catch (javax.management.InstanceNotFoundException notStarted) {
            throw new IllegalStateException("No embedded Kafka broker was started in this JVM", notStarted);
        } catch (javax.management.JMException failed) {
            throw new IllegalStateException("Could not " + action + " the embedded Kafka broker", failed);
        }
    }

    /** What {@link #outage()} and {@link #restart()} call, registered with the JVM's MBean server. */
    public interface ControlMBean {
        void outage();

        void restart();
    }

    /** Reachable from every class loader of the JVM through the platform MBean server (JDK types only). */
    public static final class Control implements ControlMBean {
        @Override
        public void outage() {
            stopHere();
        }

        @Override
        public void restart() {
            restartHere();
        }
    }

    private static void stopHere() {
        synchronized (System.getProperties()) {
            KafkaRaftServer running = server;
            if (running != null) {
                running.shutdown();
                running.awaitShutdown();
                server = null;
            }
        }
    }

    private static void restartHere() {
        synchronized (System.getProperties()) {
            if (server != null || config == null) {
                return;
            }
            // the broker loads some of its classes by name through the context class loader: make it the one that
            // loaded the broker, whichever class loader asks for the restart
            Thread thread = Thread.currentThread();
            ClassLoader caller = thread.getContextClassLoader();
            thread.setContextClassLoader(EmbeddedKafkaLauncher.class.getClassLoader());
            try {
                KafkaRaftServer again = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
                again.startup();
                server = again;
            } finally {
                thread.setContextClassLoader(caller);
            }
            String servers = System.getProperty(STARTED);
            awaitListening(Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1)), Duration.ofSeconds(30));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory: the system cleans up what is left
        }
    }

    private static void awaitListening(int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("The embedded Kafka broker did not listen on port " + port + " within " + within);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

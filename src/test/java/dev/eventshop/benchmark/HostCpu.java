package dev.eventshop.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.eventshop.testing.ProcessStat;

/**
 * CPU time on this Linux machine outside the application: PostgreSQL's processes, and how busy all cores were. On two
 * cores the application and PostgreSQL share, an order's latency follows the machine's load more than the
 * application's own CPU, so a benchmark that reports only the application's half misreads a change.
 */
final class HostCpu {

    /** CPU ticks by process, keyed by pid and start time (so a pid reused in between is another process). */
    private final Map<String, Long> postgresTicks;
    private final long[] machineTicks;

    private HostCpu(Map<String, Long> postgresTicks, long[] machineTicks) {
        this.postgresTicks = postgresTicks;
        this.machineTicks = machineTicks;
    }

    static HostCpu now() throws IOException {
        return new HostCpu(postgresTicks(), machineTicks());
    }

    /**
     * CPU milliseconds PostgreSQL's processes spent since {@code start}, counting the processes alive at both ends
     * (the application's pooled connections live through a phase; a backend that ended in between is left out); -1
     * when no PostgreSQL runs on this machine (a remote database).
     */
    long postgresMillisSince(HostCpu start) {
        if (postgresTicks.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (Map.Entry<String, Long> process : postgresTicks.entrySet()) {
            Long before = start.postgresTicks.get(process.getKey());
            if (before != null) {
                ticks += process.getValue() - before;
            }
        }
        return ticks * ProcessStat.TICK_MILLIS;
    }

    /** The share of all cores' time that was not idle since {@code start}, 0 to 1. */
    double busySince(HostCpu start) {
        long total = machineTicks[0] - start.machineTicks[0];
        long idle = machineTicks[1] - start.machineTicks[1];
        return total <= 0 ? 0 : (double) (total - idle) / total;
    }

    private static Map<String, Long> postgresTicks() throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    ProcessStat stat = ProcessStat.read(process);
                    if (stat.name().startsWith("postgres")) {
                        ticks.put(process.getFileName() + "@" + stat.startTicks(), stat.cpuTicks());
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while the directory was read
                }
            }
        }
        return ticks;
    }

    /** All cores' ticks and their idle and iowait ticks, from the first line of {@code /proc/stat}. */
    private static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal (guest time is already counted in user)
        for (int field = 1; field <= 8 && field < cpu.length; field++) {
            total += Long.parseLong(cpu[field]);
        }
        return new long[] { total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]) };
    }
}

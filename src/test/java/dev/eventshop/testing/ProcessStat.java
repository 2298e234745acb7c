package dev.eventshop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmarks read of a process's {@code /proc/<pid>/stat} line on Linux: its command name, the CPU time it
 * spent (user and system) and when it started, both in clock ticks.
 */
public record ProcessStat(String name, long cpuTicks, long startTicks) {

    /** USER_HZ on Linux: {@code /proc} counts CPU time in hundredths of a second. */
    public static final int TICK_MILLIS = 10;

    /** @param process the process's folder under {@code /proc} */
    public static ProcessStat read(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        // the fields after the command name, which is in parentheses and may itself hold spaces or parentheses
        int nameEnd = stat.lastIndexOf(')');
        String[] fields = stat.substring(nameEnd + 2).split(" ");
        // utime and stime are the 14th and 15th fields of the line, starttime the 22nd
        return new ProcessStat(stat.substring(stat.indexOf('(') + 1, nameEnd),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[19]));
    }

    public long cpuMillis() {
        return cpuTicks * TICK_MILLIS;
    }
}

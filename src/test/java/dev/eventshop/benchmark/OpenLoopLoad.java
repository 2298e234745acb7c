package dev.eventshop.benchmark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop HTTP/1.1 load generator: requests are due at a fixed rate whatever the latencies, and each latency is
 * measured from when its request was due (so a stalled server cannot hide its queue). Plain keep-alive sockets, a
 * pre-built request and a fixed set of sender threads keep its own cost to a fraction of a millisecond per request:
 * on two cores shared with the application and PostgreSQL, a heavier client (the JDK's asynchronous HttpClient took
 * 3–4 ms of CPU per request here) takes the CPU the measured system needs.
 */
final class OpenLoopLoad {

    /** What one request got: its status and body, and the microseconds from when it was due to its answer. */
    record Answer(int status, String body, long micros) {
    }

    private static final int SENDERS = 64;

    private OpenLoopLoad() {
    }

    /**
     * POSTs {@code body.apply(i)} to {@code path}, with {@code authorization} as the Authorization header, at {@code rate} per second for {@code seconds}, and returns every
     * answer (status -1 for a connection failure) once all have come back.
     */
    static List<Answer> post(int port, String path, String authorization, int rate, int seconds,
            IntFunction<String> body)
            throws InterruptedException {
        int total = rate * seconds;
        BlockingQueue<long[]> due = new LinkedBlockingQueue<>();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(total);
        Thread[] senders = new Thread[SENDERS];
        for (int s = 0; s < SENDERS; s++) {
            senders[s] = new Thread(() -> send(port, path, authorization, body, due, answers, done), "load-" + s);
            senders[s].setDaemon(true);
            senders[s].start();
        }
        long start = System.nanoTime();
        long period = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long at = start + i * period;
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            due.add(new long[] { at, i });
        }
        done.await(seconds + 120L, TimeUnit.SECONDS);
        for (Thread sender : senders) {
            sender.interrupt();
        }
        return List.copyOf(answers);
    }

    private static void send(int port, String path, String authorization, IntFunction<String> body, BlockingQueue<long[]> due,
            ConcurrentLinkedQueue<Answer> answers, CountDownLatch done) {
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        while (true) {
            long[] next;
            try {
                next = due.take();
            } catch (InterruptedException stopped) {
                close(socket);
                return;
            }
            try {
                if (socket == null) {
                    socket = new Socket("127.0.0.1", port);
                    socket.setTcpNoDelay(true);
                    in = new BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                byte[] json = body.apply((int) next[1]).getBytes(StandardCharsets.UTF_8);
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: " + authorization + "\r\n"
                        + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(json);
                out.flush();
                String statusLine = line(in);
                int length = 0;
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                String answer = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                answers.add(new Answer(Integer.parseInt(statusLine.split(" ")[1]), answer,
                        (System.nanoTime() - next[0]) / 1000));
            } catch (IOException | RuntimeException failure) {
                answers.add(new Answer(-1, failure.toString(), (System.nanoTime() - next[0]) / 1000));
                close(socket);
                socket = null;
            }
            done.countDown();
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}

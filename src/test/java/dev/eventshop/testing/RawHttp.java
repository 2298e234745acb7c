package dev.eventshop.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP as written by hand: for requests no client library would send (a bad URI, a lying Content-Length). */
public final class RawHttp {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private RawHttp() {
    }

    /** Sends a request as it is written and reads the status line, headers and body that come back. */
    public static String send(int port, String request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                int headersEnd = answer.indexOf("\r\n\r\n");
                if (headersEnd > 0) {
                    Matcher length = CONTENT_LENGTH.matcher(answer.substring(0, headersEnd));
                    if (!length.find() || answer.length() - headersEnd - 4 >= Integer.parseInt(length.group(1))) {
                        break;
                    }
                }
            }
            return answer.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

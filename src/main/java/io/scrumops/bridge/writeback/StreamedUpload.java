package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Streams an attachment between the systems over {@link HttpClient}: a download read as a stream, an upload fed from
 * that stream (as it is, or inside one multipart part), so that a file is never held whole in memory. The bytes sent
 * are counted and their SHA-256 taken on the way. Calls pass the system's {@link RemoteCallGate}; any answer other
 * than 2xx is a {@link RemoteWriteException}.
 */
public final class StreamedUpload {

    private static final int ERROR_TEXT_LIMIT = 2000;

    /** The answer of an upload, with what was sent. */
    public record Sent(String body, long bytes, String sha256) {
    }

    // HTTP/1.1: an h2c upgrade offered on a request with a streamed body loses the body on some servers
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final SourceSystem system;
    private final String authorization;
    private final RemoteCallGate gate;
    private final Duration timeout;

    public StreamedUpload(SourceSystem system, String username, String secret, RemoteCallGate gate, Duration timeout) {
        this.system = system;
        this.authorization = username == null || username.isBlank() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
        this.gate = gate;
        this.timeout = timeout;
    }

    /** GETs {@code url} as a stream. */
    public AttachmentSource.Opened download(String url) {
        String operation = "GET " + URI.create(url).getPath();
        gate.enter(operation);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() / 100 != 2) {
                String text;
                try (InputStream body = response.body()) {
                    text = new String(body.readNBytes(ERROR_TEXT_LIMIT), StandardCharsets.UTF_8);
                }
                throw new RemoteWriteException(system, operation, response.statusCode(),
                        permanent(response.statusCode()), null, text);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            return new AttachmentSource.Opened(response.body(), length, type);
        } catch (IOException e) {
            throw new RemoteWriteException(system, operation, 0, false, null, "no answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteWriteException(system, operation, 0, false, null, "interrupted");
        }
    }

    /** POSTs {@code content} as the raw body of {@code url}. */
    public Sent postRaw(String url, Map<String, String> headers, AttachmentSource.Opened content) {
        Counting counting = new Counting(content.content());
        return post(url, headers, counting, content.length(), counting);
    }

    /** POSTs {@code content} as the one file part {@code field} of a multipart/form-data body. */
    public Sent postMultipart(String url, Map<String, String> headers, String field, String fileName,
                              AttachmentSource.Opened content) {
        String boundary = "scrumops-" + Long.toHexString(System.nanoTime());
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName.replace("\"", "%22").replace("\r", "").replace("\n", "") + "\"\r\nContent-Type: "
                + content.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        Counting counting = new Counting(content.content());
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head), counting, new ByteArrayInputStream(tail))));
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        long length = content.length() < 0 ? -1 : head.length + content.length() + tail.length;
        return post(url, all, body, length, counting);
    }

    private Sent post(String url, Map<String, String> headers, InputStream body, long length, Counting counting) {
        String operation = "POST " + URI.create(url).getPath();
        gate.enter(operation);
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        if (length >= 0) {
            publisher = HttpRequest.BodyPublishers.fromPublisher(publisher, length);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).POST(publisher)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                String text = response.body() == null ? "" : response.body();
                throw new RemoteWriteException(system, operation, response.statusCode(),
                        permanent(response.statusCode()), null,
                        text.length() > ERROR_TEXT_LIMIT ? text.substring(0, ERROR_TEXT_LIMIT) : text);
            }
            return new Sent(response.body(), counting.count, counting.hex());
        } catch (IOException e) {
            throw new RemoteWriteException(system, operation, 0, false, null, "no answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteWriteException(system, operation, 0, false, null, "interrupted");
        }
    }

    /** A 4xx other than 408, 409, 423 and 429 cannot be helped by trying again. */
    private static boolean permanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 409 && status != 423 && status != 429;
    }

    /** Counts and digests the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        Counting(InputStream in) {
            super(in);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JVM", e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                count += n;
            }
            return n;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}

package io.scrumops.bridge.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Delivers what the stand-ins and the generator send to the bridge's own webhooks (Jira webhooks, repository pushes, deployments), in
 * order, over HTTP as the real senders do. Deliveries wait in a queue until the bridge's web server is up.
 */
final class BridgeDoor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeDoor.class);

    private record Delivery(String path, String body, String githubEvent) {
    }

    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;
    private final Thread sender;
    private volatile String baseUrl;
    private volatile boolean open = true;

    BridgeDoor(String username, String password) {
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.sender = new Thread(this::run, "sandbox-webhooks");
        sender.setDaemon(true);
        sender.start();
    }

    void open(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
        synchronized (this) {
            notifyAll();
        }
    }

    void jira(String payload) {
        queue.add(new Delivery("/webhooks/jira", payload, null));
    }

    void deployment(String payload) {
        queue.add(new Delivery("/webhooks/deployments", payload, null));
    }

    /** A repository event as GitHub sends it: to the deployments' webhook, named by its event header. */
    void github(String event, String payload) {
        queue.add(new Delivery("/webhooks/deployments", payload, event));
    }

    int pending() {
        return queue.size();
    }

    private void run() {
        try {
            synchronized (this) {
                while (baseUrl == null && open) {
                    wait(1000);
                }
            }
            while (open) {
                Delivery delivery = queue.take();
                send(delivery);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Delivery delivery) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + delivery.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization);
        if (delivery.githubEvent() == null) {
            builder.header("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString());
        } else {
            builder.header("X-GitHub-Event", delivery.githubEvent()).header("X-GitHub-Delivery", UUID.randomUUID().toString());
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(delivery.body())).build();
        for (int attempt = 1; attempt <= 5 && open; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 300) {
                    return;
                }
                LOG.warn("SANDBOX: {} answered {}: {}", delivery.path(), response.statusCode(), response.body());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (java.io.IOException e) {
                LOG.debug("SANDBOX: {} not reached: {}", delivery.path(), e.toString());
            }
            Thread.sleep(1000L * attempt);
        }
    }

    @Override
    public void close() {
        open = false;
        sender.interrupt();
    }
}

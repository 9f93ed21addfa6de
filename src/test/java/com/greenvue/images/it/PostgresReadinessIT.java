package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The postgres topology's readiness follows the database: the packaged service reaches PostgreSQL through a TCP
 * proxy the test can cut; while it is cut readiness is DOWN (Kubernetes stops sending uploads to that replica) and
 * liveness stays UP (no restart storm during a database outage); once the proxy is back, readiness is UP again.
 */
@RequiresPostgres
class PostgresReadinessIT {

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndUpOnceItIsBack() throws Exception {
        URI pg = URI.create(PostgresSchema.URL.substring("jdbc:".length()));
        String schema = PostgresSchema.create();
        try (CuttableProxy proxy = new CuttableProxy(pg.getHost(), pg.getPort())) {
            Map<String, String> env = Map.of(
                    "GREENVUE_QUEUE_BACKEND", "postgres",
                    "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath()
                            + "?currentSchema=" + schema + "&connectTimeout=3&socketTimeout=10",
                    "DATABASE_USER", PostgresSchema.USER,
                    "QUARKUS_FLYWAY_SCHEMAS", schema);
            Path dir = Path.of("target", "it-data", "pg-readiness-" + UUID.randomUUID());
            try (ServiceProcess service = new ServiceProcess(dir, env).start()) {
                String up = service.get("/q/health/ready").body();
                assertTrue(up.contains("Database connections health check"), "the datasource is in readiness: " + up);

                proxy.cut();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> service.get("/q/health/ready").statusCode() == 503);
                String down = service.get("/q/health/ready").body();
                assertTrue(down.contains("\"DOWN\""), down);
                assertEquals(200, service.get("/q/health/live").statusCode(), "liveness never depends on the database");

                proxy.resume();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> service.get("/q/health/ready").statusCode() == 200);
            }
        } finally {
            PostgresSchema.drop(schema);
        }
    }

    /** Forwards 127.0.0.1:port to the database; cut() refuses new connections and closes the open ones. */
    static final class CuttableProxy implements AutoCloseable {

        private final String host;
        private final int targetPort;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;
        private final int port;

        CuttableProxy(String host, int targetPort) throws IOException {
            this.host = host;
            this.targetPort = targetPort;
            this.server = listen(0);
            this.port = server.getLocalPort();
        }

        int port() {
            return port;
        }

        void cut() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        }

        void resume() throws IOException {
            server = listen(port);
        }

        private ServerSocket listen(int on) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
            Thread accept = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket client = s.accept();
                        Socket db = new Socket(host, targetPort);
                        open.add(client);
                        open.add(db);
                        pipe(client, db);
                        pipe(db, client);
                    } catch (IOException e) {
                        // closed by cut() or close()
                    }
                }
            }, "pg-proxy-accept");
            accept.setDaemon(true);
            accept.start();
            return s;
        }

        private void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) >= 0;) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side went away
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "pg-proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}

package com.greenvue.images.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh schema on the real PostgreSQL server (never a mock, never a container) for one Quarkus
 * test application, dropped when it stops: runs never see each other's rows. The server is the one
 * this machine kind starts (127.0.0.1:5432, trust auth, database {@code test}); override with
 * {@code GREENVUE_TEST_PG_URL} / {@code GREENVUE_TEST_PG_USER}.
 */
public class PostgresSchema implements QuarkusTestResourceLifecycleManager {

    public static final String URL = System.getenv().getOrDefault("GREENVUE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("GREENVUE_TEST_PG_USER", "postgres");

    private String schema;

    /** A new empty schema; the caller drops it. */
    public static String create() {
        String name = "gv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        exec("CREATE SCHEMA " + name);
        return name;
    }

    public static void drop(String name) {
        exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** What a service needs to use {@code schema} as its postgres backend. */
    public static Map<String, String> config(String schema) {
        return Map.of(
                "greenvue.queue.backend", "postgres",
                "quarkus.datasource.active", "true",
                "quarkus.datasource.jdbc.url", URL + "?currentSchema=" + schema,
                "quarkus.datasource.username", USER,
                "quarkus.flyway.schemas", schema);
    }

    /**
     * The same as {@link #config}, as the environment of a packaged service process (see
     * ServiceProcess): the variables the README documents for the postgres backend.
     */
    public static Map<String, String> env(String schema) {
        Map<String, String> env = new HashMap<>();
        env.put("GREENVUE_QUEUE_BACKEND", "postgres");
        env.put("DATABASE_URL", URL + "?currentSchema=" + schema);
        env.put("DATABASE_USER", USER);
        env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        return env;
    }

    /** A data source on {@code schema} with the service's migrations applied by Flyway, as the service does at start. */
    public static PGSimpleDataSource migrated(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(URL + "?currentSchema=" + schema);
        ds.setUser(USER);
        Flyway.configure().dataSource(ds).schemas(schema).load().migrate();
        return ds;
    }

    public static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(URL + "?currentSchema=" + schema, USER, null);
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, null); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + URL + " (user " + USER + ") is needed by the postgres "
                    + "backend tests and did not answer: " + e.getMessage() + ". Start it (see README, 'Tests').", e);
        }
    }

    @Override
    public Map<String, String> start() {
        schema = create();
        return config(schema);
    }

    @Override
    public void stop() {
        if (schema != null) {
            drop(schema);
        }
    }

    /** The schema of the running test application (for tests that read rows directly). */
    public String schema() {
        return schema;
    }

    /**
     * A fresh schema for each test of a plain JUnit class, dropped after it:
     * {@code @RegisterExtension final PostgresSchema.PerTest schema = new PostgresSchema.PerTest();}
     */
    public static final class PerTest implements BeforeEachCallback, AfterEachCallback {

        private String name;

        @Override
        public void beforeEach(ExtensionContext context) {
            name = create();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (name != null) {
                drop(name);
                name = null;
            }
        }

        /** The current test's schema. */
        public String name() {
            if (name == null) {
                throw new IllegalStateException("no test is running: the schema exists from beforeEach to afterEach");
            }
            return name;
        }
    }
}

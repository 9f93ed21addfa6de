package com.greenvue.images.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The postgres backend's connections (the Agroal datasource, active only with
 * {@code greenvue.queue.backend=postgres}, so looked up when first used) and its one way to run a
 * transaction. Shared by the queue backend, the job store and the wake-up listener.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    @Inject
    Instance<DataSource> dataSource;
    /** Set only by {@link #of}: tests that run a store without a container. */
    private DataSource given;

    /** A database over {@code dataSource}, for tests that run a store without a container. */
    public static Database of(DataSource dataSource) {
        Database db = new Database();
        db.given = dataSource;
        return db;
    }

    /** A connection of its own, in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        return (given != null ? given : dataSource.get()).getConnection();
    }

    /** What runs inside {@link #inTransaction}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /**
     * One transaction on a connection of its own: committed when {@code work} returns, rolled back
     * when it throws; a database failure comes back as an IOException saying what could not be done.
     */
    public <T> T inTransaction(String what, Work<T> work) throws IOException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /** "could not {what} in PostgreSQL: {reason}", keeping the cause. */
    public static IOException failed(String what, SQLException e) {
        return new IOException("could not " + what + " in PostgreSQL: " + e.getMessage(), e);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debugf("Rollback failed: %s", e.getMessage());
        }
    }
}

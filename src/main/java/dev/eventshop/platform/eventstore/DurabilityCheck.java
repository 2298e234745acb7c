package dev.eventshop.platform.eventstore;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Refuses to start on a database session that may acknowledge a commit it can still lose. Subscriptions keep
 * positions in memory (the shared log window, their cursors) as soon as a commit is acknowledged; with
 * {@code synchronous_commit=off} a crash of the database can take back commits they have already passed, and the
 * events that are written again under those positions are then skipped for good. The same goes for a failover to an
 * asynchronous standby, which no setting here can see: run PostgreSQL with synchronous replication (or none).
 */
@ApplicationScoped
public class DurabilityCheck {

    private static final Logger LOG = Logger.getLogger(DurabilityCheck.class);

    private final Pool pool;

    public DurabilityCheck(Pool pool) {
        this.pool = pool;
    }

    void check(@Observes StartupEvent event) {
        String setting = pool.query("SHOW synchronous_commit").execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(30));
        String problem = problem(setting);
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
    }

    /** @return why the application must not run with this {@code synchronous_commit} value, or null when it may */
    static String problem(String synchronousCommit) {
        if ("off".equalsIgnoreCase(synchronousCommit)) {
            return "PostgreSQL's synchronous_commit is 'off' for this application's sessions: an acknowledged commit "
                    + "can be lost in a crash, and subscriptions that already passed it would skip the events "
                    + "written again in its place. Set synchronous_commit to 'on' (or 'local', 'remote_write', "
                    + "'remote_apply') for this database or role; the application does not start until then.";
        }
        return null;
    }
}

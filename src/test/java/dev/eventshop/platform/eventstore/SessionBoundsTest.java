package dev.eventshop.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * Every session of the application is bounded: a statement or a row-lock wait that takes too long fails (and its
 * delivery is retried) instead of holding a lane, a connection and every subscription's horizon; and its commits
 * are durable before they are acknowledged.
 */
@QuarkusTest
class SessionBoundsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void sessionsStartWithBoundsAndDurableCommits() {
        assertThat(show("statement_timeout")).isEqualTo("10s");
        assertThat(show("lock_timeout")).isEqualTo("5s");
        assertThat(show("idle_in_transaction_session_timeout")).isEqualTo("1min");
        assertThat(show("synchronous_commit")).isEqualTo("on");
    }

    @Test
    void aRowLockWaitEndsAfterTheLockTimeout() {
        pool.query("CREATE TABLE IF NOT EXISTS public.test_locks (id int PRIMARY KEY);"
                + " INSERT INTO public.test_locks VALUES (1) ON CONFLICT DO NOTHING").execute().await().atMost(TIMEOUT);
        SqlConnection holder = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction holding = holder.begin().await().atMost(TIMEOUT);
            holder.query("SELECT * FROM public.test_locks WHERE id = 1 FOR UPDATE").execute().await().atMost(TIMEOUT);

            assertThatThrownBy(() -> pool.query("UPDATE public.test_locks SET id = 1 WHERE id = 1").execute()
                    .await().atMost(TIMEOUT)).hasMessageContaining("lock timeout");
            holding.rollback().await().atMost(TIMEOUT);
        } finally {
            holder.close().await().atMost(TIMEOUT);
        }
    }

    private String show(String setting) {
        return pool.query("SHOW " + setting).execute().await().atMost(TIMEOUT).iterator().next().getString(0);
    }
}

package dev.eventshop.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Tuple;

class OneStatementTest {

    @Test
    void aPartsParametersAreNumberedAfterThoseBeforeIt() {
        assertThat(OneStatement.shifted("UPDATE t SET a = $2 WHERE id = $1 AND b = $10", 4))
                .isEqualTo("UPDATE t SET a = $6 WHERE id = $5 AND b = $14");
        assertThat(OneStatement.shifted("SELECT $1", 0)).isEqualTo("SELECT $1");
    }

    @Test
    void aWriteWithoutTheGuardIsRefused() {
        OneStatement statement = new OneStatement();
        assertThatThrownBy(() -> statement.write("UPDATE t SET a = 1 WHERE id = $1", Tuple.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guarded");
    }
}

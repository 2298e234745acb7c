package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.AppendResult;
import dev.eventshop.platform.eventstore.CommittedPage;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The shared reader behind every live subscription must answer exactly as a read of the subscription's own would:
 * nothing left out, nothing stale after an append the subscriber was woken for, and events of a transaction that
 * commits late still in their place.
 */
@QuarkusTest
class LogTailTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventStore store;

    @Inject
    LogTail tail;

    @Test
    void answersWhatAReadOfItsOwnWouldGiveForEachStreamTypeAndLimit() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String red = "test.tail-red-" + run;
        String blue = "test.tail-blue-" + run;
        Cursor before = cursorBefore(append("first-" + run, red));
        for (int i = 0; i < 30; i++) {
            append("s" + i + "-" + run, i % 3 == 0 ? blue : red);
        }
        long ownReads = tail.ownReads();
        for (List<String> types : List.of(List.of(red), List.of(blue), List.of(red, blue))) {
            for (int limit : List.of(1, 7, 500)) {
                List<UUID> own = ids(store.readCommitted(before, types, limit).await().atMost(WAIT));
                List<UUID> shared = ids(tail.readCommitted(before, types, limit).await().atMost(WAIT));
                assertThat(shared).as("%s, limit %d", types, limit).isEqualTo(own).isNotEmpty();
            }
        }
        assertThat(tail.ownReads()).as("answered from the shared window").isEqualTo(ownReads);
    }

    @Test
    void aRequestMadeAfterAnAppendSeesItWhileOtherRequestsKeepTheReaderBusy() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String type = "test.tail-fresh-" + run;
        String noise = "test.tail-noise-" + run;
        Cursor start = cursorBefore(append("start-" + run, type));
        AtomicBoolean stop = new AtomicBoolean();
        // other subscriptions asking all the time, so a shared read is nearly always under way
        CompletableFuture<Void> others = Multi.createFrom().range(0, 4)
                .onItem().transformToUniAndMerge(i -> Uni.createFrom().deferred(
                        () -> tail.readCommitted(start, List.of(noise), 100)).repeat().until(page -> stop.get())
                        .collect().last())
                .collect().last().replaceWithVoid().subscribeAsCompletionStage();
        try {
            long sharedReads = tail.sharedReads();
            for (int i = 0; i < 50; i++) {
                String stream = "fresh-" + i + "-" + run;
                append(stream, type);
                CommittedPage page = tail.readCommitted(start, List.of(type), 500).await().atMost(WAIT);
                assertThat(page.events()).extracting(RecordedEvent::streamId).as("after append %d", i)
                        .contains(stream);
            }
            assertThat(tail.sharedReads() - sharedReads).as("shared reads").isGreaterThanOrEqualTo(50);
        } finally {
            stop.set(true);
            others.orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void anEventCommittedWhileAnOlderTransactionRunsIsNotSettledAndTheOlderOneShowsUpBeforeIt() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String type = "test.tail-late-" + run;
        Cursor start = cursorBefore(append("start-" + run, type));
        CompletableFuture<Void> olderAppended = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> older = store.inTransaction(tx -> tx.append(
                new StreamAppend("older-" + run, type, ExpectedVersion.NO_STREAM, one()), EventMetadata.start("test"))
                .invoke(() -> olderAppended.complete(null))
                .chain(() -> Uni.createFrom().completionStage(release)))
                .replaceWithVoid().subscribeAsCompletionStage();
        olderAppended.orTimeout(30, TimeUnit.SECONDS).join();
        append("newer-" + run, type);

        CommittedPage whileOpen = tail.readCommitted(start, List.of(type), 500).await().atMost(WAIT);
        assertThat(whileOpen.events()).extracting(RecordedEvent::streamId).contains("newer-" + run)
                .doesNotContain("older-" + run);
        assertThat(whileOpen.settledUpTo()).as("nothing after the open transaction is settled")
                .satisfiesAnyOf(settled -> assertThat(settled).isNull(),
                        settled -> assertThat(settled.compareTo(lastOf(whileOpen, "newer-" + run))).isLessThan(0));

        release.complete(null);
        older.orTimeout(30, TimeUnit.SECONDS).join();
        CommittedPage after = tail.readCommitted(start, List.of(type), 500).await().atMost(WAIT);
        assertThat(after.events()).extracting(RecordedEvent::streamId)
                .containsSubsequence("start-" + run, "older-" + run, "newer-" + run);
        assertThat(after.settledUpTo()).isEqualTo(lastOf(after, "newer-" + run));
    }

    private AppendResult append(String stream, String type) {
        return store.append(new StreamAppend(stream, type, ExpectedVersion.NO_STREAM, one()),
                EventMetadata.start("test")).await().atMost(WAIT);
    }

    /** A cursor just before the event an append wrote, read back from the log. */
    private Cursor cursorBefore(AppendResult appended) {
        RecordedEvent event = store.readStream(appended.streamId()).await().atMost(WAIT).get(0);
        return new Cursor(event.transactionId(), event.globalPosition() - 1);
    }

    private static Cursor lastOf(CommittedPage page, String stream) {
        return page.events().stream().filter(e -> e.streamId().equals(stream)).reduce((a, b) -> b).orElseThrow()
                .cursor();
    }

    private static List<NewEvent> one() {
        return List.of(NewEvent.of(new CounterIncremented("c", 1)));
    }

    private static List<UUID> ids(CommittedPage page) {
        return new ArrayList<>(page.events().stream().map(RecordedEvent::eventId).toList());
    }
}

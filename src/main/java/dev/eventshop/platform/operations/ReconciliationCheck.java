package dev.eventshop.platform.operations;

import java.time.Instant;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * One look for flows whose modules disagree, contributed by the module that can judge it from what it owns and what
 * the others publish. The reconciliation job runs every check of the modules this process runs; a check reports, it
 * never repairs.
 */
public interface ReconciliationCheck {

    /** The module that contributes the check; it runs only in a process that runs this module. */
    String module();

    /** Every kind of finding this check can report, so that each has a metric from the start. */
    List<String> kinds();

    /** The disagreements among the flows that began (or last moved, as the check says) at or after {@code since}. */
    Uni<List<Finding>> findings(Instant since);

    /** A disagreement: its kind, the flow it concerns (an order id), and what was seen. */
    record Finding(String kind, String subject, String detail) {
    }
}

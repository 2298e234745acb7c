package dev.eventshop.platform.operations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import dev.eventshop.platform.modules.ModulesConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Finds flows whose modules disagree — a captured payment without stock held, a reservation held for a cancelled
 * order, a charge at the provider that payments does not know, an order pending past its deadline — by running every
 * {@link ReconciliationCheck} of the modules this process runs, every {@code eventshop.reconciliation.interval}, over
 * the flows of the last {@code window}. It reports (metric {@code eventshop_reconciliation_findings}, a WARN line per
 * finding, {@code GET /admin/reconciliation}) and never repairs: what to do is an operator's call.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);

    /** One run: when, over which flows, what it found, and the checks that could not run (with why). */
    @Schema(example = """
            {"ranAt": "2026-12-06T09:30:00Z", "since": "2026-12-05T09:30:00Z",
            "findings": [{"kind": "PENDING_PAST_DEADLINE", "subject": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23",
            "detail": "placed at 2026-12-06T09:15:02Z, still PENDING after its deadline"}],
            "failedChecks": {}}""")
    public record Report(Instant ranAt, Instant since, List<ReconciliationCheck.Finding> findings,
            Map<String, String> failedChecks) {
    }

    private final List<ReconciliationCheck> checks;
    private final ReconciliationConfig config;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile Report last;

    public Reconciliation(Instance<ReconciliationCheck> checks, ModulesConfig modules, ReconciliationConfig config,
            MeterRegistry registry) {
        this.checks = checks.stream().filter(check -> modules.runs(check.module())).toList();
        this.config = config;
        this.registry = registry;
    }

    void registerMeters(@Observes StartupEvent event) {
        checks.stream().flatMap(check -> check.kinds().stream()).forEach(kind -> counts.computeIfAbsent(kind,
                ignored -> {
                    AtomicLong count = new AtomicLong();
                    Gauge.builder("eventshop.reconciliation.findings", count, AtomicLong::get)
                            .description("Flows whose modules disagree, by kind, as the last reconciliation run found")
                            .tag("kind", kind).register(registry);
                    return count;
                }));
    }

    @Scheduled(every = "${eventshop.reconciliation.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runWindow().replaceWithVoid();
    }

    /** The last scheduled (or windowed) run; null before the first. */
    public Report last() {
        return last;
    }

    /** Runs now over the configured window, and reports it as the last run (metrics included). */
    public Uni<Report> runWindow() {
        return run(Instant.now().minus(config.window())).invoke(report -> {
            last = report;
            Map<String, Long> byKind = new TreeMap<>();
            report.findings().forEach(finding -> byKind.merge(finding.kind(), 1L, Long::sum));
            counts.forEach((kind, count) -> count.set(byKind.getOrDefault(kind, 0L)));
        });
    }

    /** Runs every check over the flows that began at or after {@code since}, without touching the last report. */
    public Uni<Report> run(Instant since) {
        Instant ranAt = Instant.now();
        Map<String, String> failed = new TreeMap<>();
        return Multi.createFrom().iterable(checks)
                .onItem().transformToUniAndConcatenate(check -> check.findings(since)
                        .onFailure().recoverWithItem(failure -> {
                            String name = check.getClass().getSimpleName();
                            failed.put(name, String.valueOf(failure.getMessage()));
                            LOG.warnf("Reconciliation check %s failed: %s", name, failure.getMessage());
                            return List.of();
                        }))
                .collect().in(ArrayList<ReconciliationCheck.Finding>::new, List::addAll)
                .map(findings -> {
                    findings.forEach(finding -> LOG.warnf("Reconciliation: %s for %s: %s", finding.kind(),
                            finding.subject(), finding.detail()));
                    return new Report(ranAt, since, List.copyOf(findings), Map.copyOf(failed));
                });
    }
}

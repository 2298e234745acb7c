package dev.eventshop.platform.config;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Records and exports spans only when there is somewhere to send them. The sampler is
 * {@code parentbased_traceidratio} (fixed at build time); its ratio is 1 when an OTLP endpoint is configured and 0
 * otherwise. At 0 every request and delivery still gets a trace id and span id (stored with each event as its
 * {@code traceparent}, and in the logs), but no span is recorded, encoded or sent: without this, a process with no
 * collector spends CPU encoding every span and logs a failed export to localhost:4317 every few seconds.
 * An explicit {@code quarkus.otel.traces.sampler.arg} wins.
 */
public class TraceExportConfigSourceFactory implements ConfigSourceFactory {

    static final String RATIO = "quarkus.otel.traces.sampler.arg";
    private static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean collector = ENDPOINTS.stream().anyMatch(name -> ExplicitConfig.valueOf(context, name) != null);
        // below application.properties (250), so any explicit ratio overrides this one
        return List.of(new PropertiesConfigSource(Map.of(RATIO, collector ? "1.0" : "0.0"),
                "eventshop trace export", 200));
    }
}

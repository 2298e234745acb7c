package dev.eventshop.platform.modules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.platform.eventstore.Upcasters;

/**
 * Each module's consumer contract ({@code contracts/consumers/<module>.json}, packaged under
 * {@value #LOCATION}): the event types it reads, and of those the fields. The build checks them against the
 * publishers' events; at run time they tell a channel which of the events it delivers its handler reads, so that a
 * version of one of those this build cannot read parks its stream while the others' newer versions pass as before.
 */
@Singleton
public class ConsumerContracts {

    static final String LOCATION = "META-INF/eventshop/consumers/";

    private final Map<String, Set<String>> readsByModule = new ConcurrentHashMap<>();
    private final Upcasters upcasters;

    public ConsumerContracts(Upcasters upcasters) {
        this.upcasters = upcasters;
    }

    /**
     * The event types {@code module} declares it reads, each as the version it is delivered as (an older version
     * named in a contract is read upcast to the newest; the build refuses such a contract anyway); empty when it
     * declares none (or has no contract).
     */
    public Set<String> reads(String module) {
        return readsByModule.computeIfAbsent(module, name -> load(name).stream().map(upcasters::currentName)
                .collect(Collectors.toUnmodifiableSet()));
    }

    private static Set<String> load(String module) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ConsumerContracts.class.getClassLoader();
        }
        try (InputStream contract = loader.getResourceAsStream(LOCATION + module + ".json")) {
            if (contract == null) {
                return Set.of();
            }
            JsonNode reads = new ObjectMapper().readTree(contract).path("reads");
            Set<String> types = new TreeSet<>();
            reads.fieldNames().forEachRemaining(types::add);
            return Set.copyOf(types);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("The consumer contract of " + module + " cannot be read", unreadable);
        }
    }
}

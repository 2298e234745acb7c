package dev.eventshop.testing;

import java.util.HashMap;
import java.util.Map;

import dev.eventshop.platform.modules.ModulesConfig;

/**
 * Topics of one test's own: tests share one broker, and a deployment reads its topics from the start, so a test
 * with a database of its own would otherwise receive another test's events (as two deployments sharing topics
 * would: give each deployment its own).
 */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** {@code EVENTSHOP_MODULES_<MODULE>_TOPIC} for the four modules, as {@code <prefix>.<module>.events}. */
    public static Map<String, String> ownTopics(String prefix) {
        Map<String, String> env = new HashMap<>();
        for (String module : ModulesConfig.ALL) {
            env.put("EVENTSHOP_MODULES_" + module.toUpperCase() + "_TOPIC", prefix + "." + module + ".events");
        }
        return env;
    }
}

package dev.eventshop.platform.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.Path;

import org.jboss.logging.Logger;

import dev.eventshop.platform.modules.ModulesConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;

/**
 * A built-in strangler facade: the HTTP paths of a module that this process does not run (see
 * {@code eventshop.modules.enabled}) are forwarded to where it runs ({@code eventshop.modules.<module>.url}), so
 * shoppers' URLs stay the same when a module moves to its own process. A module's paths are those of the REST
 * resources in its {@code web} package. A module that runs elsewhere with no URL configured answers 503 with a
 * problem that names the missing setting.
 */
@ApplicationScoped
public class ModuleForwarding {

    private static final Logger LOG = Logger.getLogger(ModuleForwarding.class);
    private static final Pattern MODULE_WEB = Pattern.compile("dev\\.eventshop\\.(\\w+)\\.web(\\..*)?");

    private final ModulesConfig modules;
    private final BeanManager beans;

    public ModuleForwarding(ModulesConfig modules, BeanManager beans) {
        this.modules = modules;
        this.beans = beans;
    }

    void routes(@Observes Router router, Vertx vertx) {
        Set<String> unknown = new TreeSet<>(modules.enabled());
        unknown.removeAll(ModulesConfig.ALL);
        if (!unknown.isEmpty() || modules.enabled().isEmpty()) {
            throw new IllegalStateException("eventshop.modules.enabled must name one or more of " + ModulesConfig.ALL
                    + "; unknown: " + unknown);
        }
        Map<String, List<String>> paths = pathsByModule();
        for (String module : ModulesConfig.ALL) {
            if (modules.runs(module)) {
                continue;
            }
            for (String path : paths.getOrDefault(module, List.of())) {
                String regex = "^" + Pattern.quote(path) + "(/.*)?$";
                modules.of(module).url().ifPresentOrElse(url -> {
                    HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions()))
                            .origin(port(url), url.getHost());
                    router.routeWithRegex(regex).order(-100).handler(context -> proxy.handle(context.request()));
                    LOG.infof("Forwarding %s/** to the %s module at %s", path, module, url);
                }, () -> router.routeWithRegex(regex).order(-100).handler(context -> context.response()
                        .setStatusCode(503).putHeader("Content-Type", "application/problem+json")
                        .end(new JsonObject().put("type", "https://eventshop.dev/problems/module-elsewhere")
                                .put("title", "Module not served here").put("status", 503)
                                .put("detail", "The " + module + " module does not run in this process and "
                                        + "eventshop.modules." + module + ".url is not set")
                                .put("instance", context.request().path()).encode())));
            }
        }
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** Each module's top-level resource paths, from the REST resources in its web package. */
    private Map<String, List<String>> pathsByModule() {
        Map<String, List<String>> paths = new TreeMap<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path path = type.getAnnotation(Path.class);
            var module = MODULE_WEB.matcher(type.getPackageName());
            if (path != null && module.matches()) {
                String value = path.value().startsWith("/") ? path.value() : "/" + path.value();
                paths.computeIfAbsent(module.group(1), ignored -> new ArrayList<>()).add(value);
            }
        }
        return paths;
    }
}

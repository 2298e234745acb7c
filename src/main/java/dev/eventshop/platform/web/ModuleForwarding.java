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
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.eventshop.platform.modules.ModulesConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * A built-in strangler facade: the HTTP paths of a module that this process does not run (see
 * {@code eventshop.modules.enabled}) are forwarded to where it runs ({@code eventshop.modules.<module>.url}), so
 * shoppers' URLs stay the same when a module moves to its own process. A module's paths are those of the REST
 * resources in its {@code web} package. A module that runs elsewhere with no URL configured answers 503 with a
 * problem that names the missing setting.
 */
@ApplicationScoped
public class ModuleForwarding {

    /** Before the REST layer's routes, after the limits every request meets ({@link RequestLimits}). */
    static final int ROUTE_ORDER = -100;
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
            HttpProxy proxy = modules.of(module).url().map(url -> proxy(vertx, module, url)).orElse(null);
            for (String path : paths.getOrDefault(module, List.of())) {
                // ';' too: matrix parameters would otherwise slip past to the local resource
                String regex = "^" + Pattern.quote(path) + "(?:[/;].*)?$";
                if (proxy != null) {
                    router.routeWithRegex(regex).order(ROUTE_ORDER).handler(context -> {
                        if (context.request().headers().contains(HOP)) {
                            problem(context, ProblemType.FORWARDING_LOOP,
                                    "The " + module + " module's URL leads back to a process that does not run it");
                            return;
                        }
                        proxy.handle(context.request());
                    });
                    LOG.infof("Forwarding %s/** to the %s module at %s", path, module, modules.of(module).url().get());
                } else {
                    router.routeWithRegex(regex).order(ROUTE_ORDER).handler(context -> elsewhere(context, module));
                }
            }
        }
    }

    private static final String HOP = "eventshop-forwarded-by";

    private HttpProxy proxy(Vertx vertx, String module, URI url) {
        boolean https = "https".equals(url.getScheme());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(https)
                // shoppers' SSE streams hold a connection each for as long as they watch an order
                .setMaxPoolSize(256)
                .setConnectTimeout(2_000)
                .setKeepAlive(true));
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port(url), url.getHost());
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                ProxyRequest request = context.request();
                HttpServerRequest incoming = request.proxiedRequest();
                HostAndPort authority = incoming.authority();
                if (authority != null) {
                    // the module builds its Location headers from the host the client used
                    request.setAuthority(authority);
                    request.putHeader("X-Forwarded-Host", authority.toString());
                }
                request.putHeader("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
                if (incoming.remoteAddress() != null) {
                    request.putHeader("X-Forwarded-For", incoming.remoteAddress().hostAddress());
                }
                request.putHeader(HOP, "eventshop");
                return context.sendRequest().recover(failure -> {
                    LOG.warnf("Forwarding %s %s to the %s module at %s failed: %s", incoming.method(),
                            incoming.uri(), module, url, failure.getMessage());
                    return Future.failedFuture(failure);
                });
            }
        });
        return proxy;
    }

    private static void elsewhere(RoutingContext context, String module) {
        problem(context, ProblemType.MODULE_ELSEWHERE, "The " + module
                + " module does not run in this process and eventshop.modules." + module + ".url is not set");
    }

    private static void problem(RoutingContext context, ProblemType type, String detail) {
        Problems.end(context, Problems.of(type).withDetail(detail).build());
    }

    /**
     * Behind the routes above: a request that still reaches a resource of a module this process does not run (by a
     * path the routes do not know) is refused, so it can never change that module's state here.
     */
    @ServerRequestFilter
    public Response refuseModulesElsewhere(ResourceInfo resource) {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        var module = type == null ? null : MODULE_WEB.matcher(type.getPackageName());
        if (module == null || !module.matches() || !ModulesConfig.ALL.contains(module.group(1))
                || modules.runs(module.group(1))) {
            return null;
        }
        throw Problems.of(ProblemType.MODULE_ELSEWHERE)
                .withDetail("The " + module.group(1) + " module does not run in this process").build();
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

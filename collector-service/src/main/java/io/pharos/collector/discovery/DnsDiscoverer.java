package io.pharos.collector.discovery;

import io.pharos.model.config.DnsSdConfig;
import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dns_sd_configs}: looks the names up every {@code refresh_interval} (SRV, A, AAAA, MX or
 * NS records, through the JDK's DNS client) and reports one group per name with Prometheus's
 * labels: {@code __meta_dns_name}, {@code __meta_dns_srv_record_target},
 * {@code __meta_dns_srv_record_port}, {@code __meta_dns_mx_record_target},
 * {@code __meta_dns_ns_record_target}. A failed lookup keeps the name's last good group.
 */
public final class DnsDiscoverer implements Discoverer {
    private static final Logger log = LoggerFactory.getLogger(DnsDiscoverer.class);

    private final DnsSdConfig config;
    private final ScheduledExecutorService scheduler;
    /** e.g. {@code dns://127.0.0.1:5353}; empty for the system's resolvers. */
    private final String resolverUrl;
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private volatile ScheduledFuture<?> task;
    private volatile Consumer<List<TargetGroup>> updates;

    public DnsDiscoverer(DnsSdConfig config, ScheduledExecutorService scheduler) {
        this(config, scheduler, "");
    }

    public DnsDiscoverer(DnsSdConfig config, ScheduledExecutorService scheduler, String resolverUrl) {
        this.config = config;
        this.scheduler = scheduler;
        this.resolverUrl = resolverUrl;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        this.updates = updates;
        long every = config.refreshInterval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        updates = null;
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    void refresh() {
        List<TargetGroup> report;
        synchronized (this) {
            for (String name : config.names()) {
                try {
                    groups.put(name, lookup(name));
                } catch (NamingException e) {
                    log.error("dns_sd: lookup of {} ({}) failed: {}", name, config.type(), e.getMessage());
                }
            }
            report = new ArrayList<>(groups.values());
        }
        Consumer<List<TargetGroup>> u = updates;
        if (u != null) {
            u.accept(report);
        }
    }

    TargetGroup lookup(String name) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", resolverUrl.isEmpty() ? "dns:" : resolverUrl);
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        List<Labels> targets = new ArrayList<>();
        DirContext ctx = new InitialDirContext(env);
        try {
            Attributes attrs;
            try {
                attrs = ctx.getAttributes(name.endsWith(".") ? name : name + ".", new String[] {config.type()});
            } catch (NameNotFoundException e) {
                return new TargetGroup(name, List.of(), Labels.EMPTY);
            }
            Attribute a = attrs.get(config.type());
            if (a != null) {
                NamingEnumeration<?> values = a.getAll();
                while (values.hasMore()) {
                    Labels t = target(name, values.next().toString());
                    if (t != null) {
                        targets.add(t);
                    }
                }
            }
        } finally {
            ctx.close();
        }
        return new TargetGroup(name, targets, Labels.EMPTY);
    }

    private Labels target(String name, String record) {
        String[] f = record.trim().split("\\s+");
        Labels.Builder b = Labels.builder().set("__meta_dns_name", name);
        switch (config.type()) {
            case "SRV" -> {
                if (f.length < 4) {
                    return null;
                }
                String host = f[3];
                b.set("__meta_dns_srv_record_target", host).set("__meta_dns_srv_record_port", f[2]);
                b.set("__address__", hostPort(trimDot(host), Integer.parseInt(f[2])));
            }
            case "MX" -> {
                String host = f[f.length - 1];
                b.set("__meta_dns_mx_record_target", host).set("__address__", hostPort(trimDot(host), config.port()));
            }
            case "NS" -> {
                String host = f[0];
                b.set("__meta_dns_ns_record_target", host).set("__address__", hostPort(trimDot(host), config.port()));
            }
            default -> b.set("__address__", hostPort(f[0], config.port()));
        }
        return b.build();
    }

    private static String trimDot(String host) {
        String h = host;
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

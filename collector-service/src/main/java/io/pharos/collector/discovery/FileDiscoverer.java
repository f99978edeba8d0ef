package io.pharos.collector.discovery;

import io.pharos.model.config.FileSdConfig;
import io.pharos.model.config.YamlNode;
import io.pharos.model.labels.Labels;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file_sd_configs}: reads target groups from JSON or YAML files matching the patterns,
 * every {@code refresh_interval} and whenever a file changes (checked every second by
 * modification time and size). Each group gets {@code __meta_filepath}. A file that fails to
 * parse keeps its last good groups, as Prometheus does; a file that disappears drops them.
 */
public final class FileDiscoverer implements Discoverer {
    private static final Logger log = LoggerFactory.getLogger(FileDiscoverer.class);
    private static final Set<String> GROUP_FIELDS = Set.of("targets", "labels");

    private final FileSdConfig config;
    private final ScheduledExecutorService scheduler;
    private final long pollMillis;
    private final Map<Path, Stamp> stamps = new HashMap<>();
    private final Map<Path, List<TargetGroup>> groups = new HashMap<>();
    private long lastFull;
    private volatile Consumer<List<TargetGroup>> updates;
    private volatile ScheduledFuture<?> task;

    private record Stamp(FileTime modified, long size) {
    }

    public FileDiscoverer(FileSdConfig config, ScheduledExecutorService scheduler) {
        this(config, scheduler, 1000);
    }

    FileDiscoverer(FileSdConfig config, ScheduledExecutorService scheduler, long pollMillis) {
        this.config = config;
        this.scheduler = scheduler;
        this.pollMillis = pollMillis;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        this.updates = updates;
        refresh(true);
        task = scheduler.scheduleWithFixedDelay(() -> refresh(false), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        updates = null;
    }

    private void refresh(boolean force) {
        List<TargetGroup> report = collect(force);
        Consumer<List<TargetGroup>> u = updates;
        if (report != null && u != null) {
            u.accept(report);
        }
    }

    /** Re-reads what changed; the groups to report, or null when nothing changed. */
    private synchronized List<TargetGroup> collect(boolean force) {
        if (updates == null) {
            return null;
        }
        try {
            long now = System.currentTimeMillis();
            boolean full = force || now - lastFull >= config.refreshInterval().toMillis();
            if (full) {
                lastFull = now;
            }
            Set<Path> files = matchingFiles();
            boolean changed = false;
            for (Path gone : new ArrayList<>(groups.keySet())) {
                if (!files.contains(gone)) {
                    groups.remove(gone);
                    stamps.remove(gone);
                    changed = true;
                }
            }
            for (Path file : files) {
                Stamp s = stamp(file);
                if (!full && s.equals(stamps.get(file))) {
                    continue;
                }
                stamps.put(file, s);
                try {
                    List<TargetGroup> read = read(file);
                    if (!read.equals(groups.get(file))) {
                        groups.put(file, read);
                        changed = true;
                    }
                } catch (RuntimeException | IOException e) {
                    log.error("file_sd: error reading {}: {}", file, e.getMessage());
                }
            }
            if (changed || force) {
                List<TargetGroup> all = new ArrayList<>();
                groups.values().forEach(all::addAll);
                return all;
            }
        } catch (RuntimeException e) {
            log.error("file_sd: refresh failed", e);
        }
        return null;
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            return new Stamp(FileTime.fromMillis(0), -1);
        }
    }

    /** The files matching the configured patterns: '*' in the last path element matches any run of characters. */
    Set<Path> matchingFiles() {
        Set<Path> out = new TreeSet<>();
        for (String pattern : config.files()) {
            Path p = Path.of(pattern);
            String name = p.getFileName().toString();
            Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
            if (!name.contains("*")) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
                continue;
            }
            Pattern glob = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path f : ds) {
                    if (glob.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
                        out.add(f);
                    }
                }
            } catch (IOException e) {
                log.error("file_sd: cannot list {}: {}", dir, e.getMessage());
            }
        }
        return out;
    }

    /** The groups of one file, JSON or YAML (a list of {targets, labels}). */
    static List<TargetGroup> read(Path file) throws IOException {
        String text = Files.readString(file);
        YamlNode root = YamlNode.parse(file.toString(), text.replace('\t', ' '));
        List<TargetGroup> out = new ArrayList<>();
        List<YamlNode> entries = root.list();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, YamlNode> f = entries.get(i).fields(GROUP_FIELDS);
            List<String> targets = f.containsKey("targets") ? f.get("targets").stringList() : List.of();
            List<Labels> ts = new ArrayList<>();
            for (String t : targets) {
                ts.add(Labels.of("__address__", t));
            }
            Labels.Builder lb = Labels.builder();
            if (f.containsKey("labels")) {
                Map<String, String> labels = f.get("labels").stringMap();
                for (String name : labels.keySet()) {
                    if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                        throw f.get("labels").error("\"" + name + "\" is not a valid label name");
                    }
                }
                labels.forEach(lb::set);
            }
            lb.set("__meta_filepath", file.toString());
            out.add(new TargetGroup(file + ":" + i, ts, lb.build()));
        }
        return out;
    }
}

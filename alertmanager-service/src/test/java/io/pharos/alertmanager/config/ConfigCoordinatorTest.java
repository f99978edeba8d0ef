package io.pharos.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCoordinatorTest {
    private static String good(String receiver) {
        return "route: {receiver: " + receiver + "}\nreceivers: [{name: " + receiver + "}]\n";
    }

    @Test
    void reloadHandsTheNewConfigToSubscribers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("am.yml");
        Files.writeString(file, good("a"));
        ConfigCoordinator c = new ConfigCoordinator(new ConfigLoader(), file.toString());
        List<String> seen = new ArrayList<>();
        c.subscribe(cfg -> seen.add(cfg.route().receiver()));
        c.reload();
        Files.writeString(file, good("b"));
        c.reload();
        assertThat(seen).containsExactly("a", "b");
        assertThat(c.current().route().receiver()).isEqualTo("b");
    }

    @Test
    void badFileOrRejectingSubscriberLeavesTheRunningConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("am.yml");
        Files.writeString(file, good("a"));
        ConfigCoordinator c = new ConfigCoordinator(new ConfigLoader(), file.toString());
        List<Boolean> outcomes = new ArrayList<>();
        c.addReloadListener((ok, cfg) -> outcomes.add(ok));
        c.reload();
        AlertmanagerConfig running = c.current();

        Files.writeString(file, "route: {receiver: nobody}\nreceivers: [{name: a}]\n");
        assertThatThrownBy(c::reload).isInstanceOf(ConfigException.class).hasMessageContaining("undefined receiver \"nobody\"");
        assertThat(c.current()).isSameAs(running);

        Files.writeString(file, good("c"));
        c.subscribe(cfg -> {
            throw new IllegalStateException("cannot apply");
        });
        assertThatThrownBy(c::reload).isInstanceOf(ConfigException.class).hasMessageContaining("cannot apply");
        assertThat(c.current()).isSameAs(running);
        assertThat(outcomes).containsExactly(true, false, false);
    }

    @Test
    void noLocationMeansTheBundledDefault() throws Exception {
        ConfigCoordinator c = new ConfigCoordinator(new ConfigLoader(), "");
        assertThat(c.location()).isEqualTo(ConfigLoader.DEFAULT_LOCATION);
        assertThat(c.reload().route().receiver()).isEqualTo("default");
    }
}

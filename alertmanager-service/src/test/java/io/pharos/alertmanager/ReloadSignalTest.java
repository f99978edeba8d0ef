package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.config.ConfigCoordinator;
import io.pharos.alertmanager.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadSignalTest {
    @Test
    void sighupReloadsTheConfigAndABadFileKeepsTheRunningOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, "route: {receiver: a}\nreceivers: [{name: a}]\n");
        ConfigCoordinator coordinator = new ConfigCoordinator(new ConfigLoader(), file.toString());
        coordinator.reload();
        ReloadSignal signal = new ReloadSignal(coordinator);
        Assumptions.assumeTrue(signal.install(), "this JVM cannot handle SIGHUP");

        AtomicReference<CountDownLatch> reloaded = new AtomicReference<>(new CountDownLatch(1));
        coordinator.addReloadListener((ok, cfg) -> reloaded.get().countDown());

        Files.writeString(file, "route: {receiver: b}\nreceivers: [{name: b}]\n");
        sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
        assertThat(reloaded.get().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.current().route().receiver()).isEqualTo("b");

        reloaded.set(new CountDownLatch(1));
        Files.writeString(file, "route: {receiver: missing}\nreceivers: [{name: b}]\n");
        sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
        assertThat(reloaded.get().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.current().route().receiver()).as("still the last good config").isEqualTo("b");
        Thread.sleep(Duration.ofMillis(10).toMillis());
    }
}

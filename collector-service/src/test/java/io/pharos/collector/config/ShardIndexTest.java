package io.pharos.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardIndexTest {
    @Test
    void numberIsTakenAsIs() {
        assertThat(CollectorConfiguration.shardIndex("3", "anything")).isEqualTo(3);
    }

    @Test
    void ordinalComesFromTheStatefulSetPodName() {
        assertThat(CollectorConfiguration.shardIndex("ordinal", "pharos-collector-2")).isEqualTo(2);
    }

    @Test
    void ordinalWithoutAnOrdinalHostNameIsRefused() {
        assertThatThrownBy(() -> CollectorConfiguration.shardIndex("ordinal", "laptop"))
                .hasMessageContaining("needs a host name ending in -<number>");
    }
}

package io.pharos.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BlockLayoutTest {
    private static final long H = Duration.ofHours(1).toMillis();

    private static TreeSet<Long> baseBlocks(long... startsInHours) {
        TreeSet<Long> out = new TreeSet<>();
        for (long h : startsInHours) {
            out.add(h * H);
        }
        return out;
    }

    private static BlockLayout.Unit unit(long startHour, long endHour) {
        return new BlockLayout.Unit(startHour * H, endHour * H);
    }

    @Test
    void rangesGrowThreefoldUpToATenthOfRetentionOr31Days() {
        assertThat(BlockLayout.ranges(Duration.ofHours(2), Duration.ofDays(15)))
                .containsExactly(2 * H, 6 * H, 18 * H); // 54h is over 36h, a tenth of 15d
        assertThat(BlockLayout.ranges(Duration.ofHours(2), Duration.ZERO))
                .containsExactly(2 * H, 6 * H, 18 * H, 54 * H, 162 * H, 486 * H); // 1458h is over 31d
        assertThat(BlockLayout.ranges(Duration.ofHours(2), Duration.ofDays(1))).containsExactly(2 * H);
    }

    @Test
    void mergesSettledRangesSmallestFirstThenOldest() {
        BlockLayout layout = new BlockLayout(BlockLayout.ranges(Duration.ofHours(2), Duration.ZERO));
        TreeSet<Long> blocks = baseBlocks(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
        // Settled up to 20h: [18h, 24h) is not, so 6h ranges merge up to 18h, then 18h.
        List<BlockLayout.Unit> merged = new java.util.ArrayList<>();
        BlockLayout.Merge m;
        while ((m = layout.nextMerge(blocks, 20 * H)) != null) {
            merged.add(m.block());
            layout.apply(m);
        }
        assertThat(merged).containsExactly(unit(0, 6), unit(6, 12), unit(12, 18), unit(0, 18));
        assertThat(layout.units(blocks)).containsExactly(unit(0, 18), unit(18, 20), unit(20, 22));
        assertThat(layout.level(unit(0, 18))).isEqualTo(2);
        assertThat(layout.level(unit(20, 22))).isZero();
    }

    @Test
    void aRangeWithOneBlockIsLeftAsItIsAndGapsAreMergedOver() {
        BlockLayout layout = new BlockLayout(BlockLayout.ranges(Duration.ofHours(2), Duration.ofDays(15)));
        TreeSet<Long> blocks = baseBlocks(0, 8, 10);
        BlockLayout.Merge first = layout.nextMerge(blocks, 100 * H);
        assertThat(first.block()).isEqualTo(unit(6, 12));
        assertThat(first.parts()).containsExactly(unit(8, 10), unit(10, 12));
        layout.apply(first);
        BlockLayout.Merge second = layout.nextMerge(blocks, 100 * H);
        assertThat(second.block()).isEqualTo(unit(0, 18));
        assertThat(second.parts()).containsExactly(unit(0, 2), unit(6, 12));
        layout.apply(second);
        assertThat(layout.nextMerge(blocks, 100 * H)).isNull(); // 18h is the largest range at 15d
    }

    @Test
    void aBaseBlockWrittenLateInsideAMergedBlockBelongsToIt() {
        BlockLayout layout = new BlockLayout(BlockLayout.ranges(Duration.ofHours(2), Duration.ZERO));
        layout.addMerged(0, 6 * H);
        assertThat(layout.units(baseBlocks(0, 4, 2, 6))).containsExactly(unit(0, 6), unit(6, 8));
        assertThat(layout.isMerged(unit(0, 6))).isTrue();
        assertThat(layout.isMerged(unit(6, 8))).isFalse();
    }
}

package io.pharos.collector.scrape;

/**
 * Which targets this collector replica scrapes when several share the work: a target belongs
 * to replica {@code hash(labels) mod count}. Every replica sees every job (pharos.targets is
 * read whole) and keeps only its own targets, so each target is scraped once.
 */
public record TargetShard(int count, int index) {
    public static final TargetShard ALL = new TargetShard(1, 0);

    public TargetShard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + " of " + count + " is not a valid shard");
        }
    }

    public boolean owns(ScrapeTarget target) {
        return count == 1 || Long.remainderUnsigned(target.labels().hash(), count) == index;
    }
}

package io.pharos.model.relabel;

import io.pharos.model.config.RelabelConfig;
import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies relabel rules to a label set, with Prometheus's semantics for every action. A rule
 * that drops the set stops the chain.
 */
public final class Relabeler {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private Relabeler() {
    }

    /** Relabels the labels; returns null when a rule dropped them. */
    public static Labels process(Labels labels, List<RelabelConfig> rules) {
        if (rules.isEmpty()) {
            return labels;
        }
        LabelSet set = LabelSet.of(labels);
        return process(set, rules) ? set.toLabels() : null;
    }

    /** Relabels in place; false when a rule dropped the set. */
    public static boolean process(LabelSet set, List<RelabelConfig> rules) {
        for (RelabelConfig rule : rules) {
            if (!apply(rule, set)) {
                return false;
            }
        }
        return true;
    }

    static boolean apply(RelabelConfig rule, LabelSet set) {
        String val = sourceValue(rule, set);
        switch (rule.action()) {
            case DROP:
                return !rule.compiled().matches(val);
            case KEEP:
                return rule.compiled().matches(val);
            case DROPEQUAL:
                return !set.get(rule.targetLabel()).equals(val);
            case KEEPEQUAL:
                return set.get(rule.targetLabel()).equals(val);
            case REPLACE:
                replace(rule, set, val);
                return true;
            case LOWERCASE:
                set.set(rule.targetLabel(), val.toLowerCase(Locale.ROOT));
                return true;
            case UPPERCASE:
                set.set(rule.targetLabel(), val.toUpperCase(Locale.ROOT));
                return true;
            case HASHMOD:
                set.set(rule.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(md5Low64(val), rule.modulus())));
                return true;
            case LABELMAP:
                for (String name : set.namesSnapshot()) {
                    Matcher m = rule.compiled().match(name);
                    if (m != null) {
                        set.set(rule.compiled().expand(rule.replacement(), m), set.get(name));
                    }
                }
                return true;
            case LABELDROP:
                for (String name : set.namesSnapshot()) {
                    if (rule.compiled().matches(name)) {
                        set.delete(name);
                    }
                }
                return true;
            case LABELKEEP:
                for (String name : set.namesSnapshot()) {
                    if (!rule.compiled().matches(name)) {
                        set.delete(name);
                    }
                }
                return true;
            default:
                throw new IllegalStateException("unknown relabel action " + rule.action());
        }
    }

    private static void replace(RelabelConfig rule, LabelSet set, String val) {
        if (val.isEmpty() && rule.regex().equals(RelabelConfig.DEFAULT_REGEX)
                && rule.targetLabel().indexOf('$') < 0 && rule.replacement().indexOf('$') < 0) {
            set.set(rule.targetLabel(), rule.replacement());
            return;
        }
        Matcher m = rule.compiled().match(val);
        if (m == null) {
            return;
        }
        String target = rule.compiled().expand(rule.targetLabel(), m);
        if (!LABEL_NAME.matcher(target).matches()) {
            return;
        }
        String res = rule.compiled().expand(rule.replacement(), m);
        set.set(target, res);
    }

    private static String sourceValue(RelabelConfig rule, LabelSet set) {
        List<String> sources = rule.sourceLabels();
        if (sources.isEmpty()) {
            return "";
        }
        if (sources.size() == 1) {
            return set.get(sources.get(0));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) {
                sb.append(rule.separator());
            }
            sb.append(set.get(sources.get(i)));
        }
        return sb.toString();
    }

    /** The last 8 bytes of the MD5 of the text, big-endian: the hash Prometheus's hashmod takes. */
    static long md5Low64(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 8; i < 16; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.pharos.query.promql.ast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlainFloatTest {
    @Test
    void javaFormsBecomePlainDecimals() {
        assertThat(PromqlText.plain("1.5E-7")).isEqualTo("0.00000015");
        assertThat(PromqlText.plain("120.0")).isEqualTo("120");
        assertThat(PromqlText.plain("1.0E21")).isEqualTo("1000000000000000000000");
        assertThat(PromqlText.plain("-2.5")).isEqualTo("-2.5");
        assertThat(PromqlText.plain("0.001")).isEqualTo("0.001");
        assertThat(PromqlText.plain("1.2345678E7")).isEqualTo("12345678");
        assertThat(PromqlText.plain("1.23456789E8")).isEqualTo("123456789");
        assertThat(PromqlText.plain("9.999999999999999E22")).isEqualTo("99999999999999990000000");
    }

    @Test
    void formattedFloatsReadBackExactlyAndAgreeWithTheBigDecimalForm() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(r.nextLong());
                case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(-12, 22));
                case 2 -> Math.round(r.nextDouble() * 1e6) / 100.0;
                default -> -r.nextDouble();
            };
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            String s = PromqlText.formatFloat(v);
            assertThat(Double.parseDouble(s)).as("%s for %s", s, v).isEqualTo(v);
            assertThat(s).doesNotContain("E");
            assertThat(s).isEqualTo(PromqlText.shortest(v).stripTrailingZeros().toPlainString());
            // The path taken on Java 19+, where Double.toString is shortest: same value, no exponent.
            String plain = PromqlText.plain(Double.toString(v));
            assertThat(Double.parseDouble(plain)).as(plain).isEqualTo(v);
            assertThat(plain).isEqualTo(new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString());
        }
    }
}

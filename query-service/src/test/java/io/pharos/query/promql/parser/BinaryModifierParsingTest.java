package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.Cardinality;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.ast.VectorMatching;
import org.junit.jupiter.api.Test;

class BinaryModifierParsingTest {

    private static BinaryExpr bin(String q) {
        return (BinaryExpr) PromqlParser.parseExpr(q);
    }

    @Test
    void vectorOperationsMatchOneToOneByDefault() {
        BinaryExpr b = bin("foo * bar");
        assertThat(b.matching()).isEqualTo(VectorMatching.oneToOne());
        assertThat(b.type()).isEqualTo(ValueType.VECTOR);
    }

    @Test
    void operationsWithAScalarSideHaveNoMatching() {
        assertThat(bin("foo * 2").matching()).isNull();
        assertThat(bin("2 * 3").matching()).isNull();
        assertThat(bin("2 * 3").type()).isEqualTo(ValueType.SCALAR);
        assertThat(bin("foo + ignoring() 1").toString()).isEqualTo("foo + 1");
    }

    @Test
    void boolTurnsComparisonsIntoZeroOrOne() {
        assertThat(bin("foo == bool 1").returnBool()).isTrue();
        assertThat(bin("1 >= bool 2").type()).isEqualTo(ValueType.SCALAR);
        assertThat(bin("up > bool 0").toString()).isEqualTo("up > bool 0");
    }

    @Test
    void onAndIgnoringListLabels() {
        VectorMatching on = bin("foo * on(test,blub) bar").matching();
        assertThat(on.on()).isTrue();
        assertThat(on.matchingLabels()).containsExactly("test", "blub");
        VectorMatching ignoring = bin("foo * ignoring(a) bar").matching();
        assertThat(ignoring.on()).isFalse();
        assertThat(ignoring.matchingLabels()).containsExactly("a");
        assertThat(bin("a - on() c").toString()).isEqualTo("a - on () c");
        assertThat(bin("a - ignoring() c").toString()).isEqualTo("a - c");
    }

    @Test
    void groupLeftAndRightSetCardinalityAndIncludedLabels() {
        VectorMatching left = bin("foo / on(test,blub) group_left(bar) bar").matching();
        assertThat(left.card()).isEqualTo(Cardinality.MANY_TO_ONE);
        assertThat(left.include()).containsExactly("bar");
        VectorMatching right = bin("foo - ignoring(test) group_right(bar,foo) bar").matching();
        assertThat(right.card()).isEqualTo(Cardinality.ONE_TO_MANY);
        assertThat(right.include()).containsExactly("bar", "foo");
        assertThat(bin("a - on(b) group_left c").toString()).isEqualTo("a - on (b) group_left () c");
        assertThat(bin("a - on(b) group_left() (c)").toString()).isEqualTo("a - on (b) group_left () (c)");
        assertThat(bin("a - ignoring() group_left c").toString()).isEqualTo("a - ignoring () group_left () c");
    }

    @Test
    void setOperatorsAreManyToMany() {
        BinaryExpr and = bin("foo and on(bar) baz");
        assertThat(and.op()).isEqualTo(BinaryOp.AND);
        assertThat(and.matching().card()).isEqualTo(Cardinality.MANY_TO_MANY);
        assertThat(bin("foo or bar").matching().card()).isEqualTo(Cardinality.MANY_TO_MANY);
        assertThat(bin("foo unless bar").matching().card()).isEqualTo(Cardinality.MANY_TO_MANY);
    }

    @Test
    void keywordOperatorsAreCaseInsensitive() {
        assertThat(bin("foo AND bar").op()).isEqualTo(BinaryOp.AND);
        assertThat(bin("foo atan2 bar").op()).isEqualTo(BinaryOp.ATAN2);
        assertThat(bin("foo Atan2 bar").toString()).isEqualTo("foo atan2 bar");
    }

    @Test
    void fillModifiersAreParsedAndPrinted() {
        VectorMatching fill = bin("a + fill(-23) b").matching();
        assertThat(fill.fillLhs()).isEqualTo(-23.0);
        assertThat(fill.fillRhs()).isEqualTo(-23.0);
        assertThat(bin("a + fill_left(-23) fill_right(42) b").toString()).isEqualTo("a + fill_left (-23) fill_right (42) b");
        assertThat(bin("a + fill_left(5) fill_right(5) b").toString()).isEqualTo("a + fill (5) b");
        assertThat(bin("a + on(b) group_left fill(-23) c").toString()).isEqualTo("a + on (b) group_left () fill (-23) c");
        assertThat(bin("a + fill_right(1000000) b").toString()).isEqualTo("a + fill_right (1e+06) b");
    }

    @Test
    void trimOperatorsParseWithComparisonPrecedence() {
        assertThat(bin("h </ 1.5").op()).isEqualTo(BinaryOp.TRIM_UPPER);
        assertThat(bin("h >/ -Inf").op()).isEqualTo(BinaryOp.TRIM_LOWER);
    }
}

package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.Expr;

/** A rule of a group: alerting or recording. */
public sealed interface Rule permits AlertingRule, RecordingRule {
    String name();

    Expr expr();

    Labels labels();

    /** How the last evaluation went. */
    RuleHealth health();

    /** The series this rule writes, for staleness markers when one stops. */
    StalenessTracker written();
}

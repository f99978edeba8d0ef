package io.pharos.query.rules;

import io.pharos.query.promql.ast.Expr;

/** A rule of a group: alerting or recording. */
public sealed interface Rule permits AlertingRule, RecordingRule {
    String name();

    Expr expr();
}

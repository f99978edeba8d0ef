/**
 * Rule unit tests in {@code promtool test rules} format: {@link io.pharos.query.rules.unittest.RuleTestRunner}
 * reads test files ({@link io.pharos.query.rules.unittest.RuleTestFileReader}), evaluates their rule
 * files with the Pharos rule evaluator and PromQL engine over an in-memory store fed with the
 * input series ({@code TestGroupRun}), and compares firing alerts and query results as promtool
 * does; {@link io.pharos.query.rules.unittest.RuleTestCommand} is the command line.
 *
 * <p>Alert labels and annotations are expanded behind {@link io.pharos.query.rules.unittest.TemplateExpander};
 * {@link io.pharos.query.rules.unittest.GoTemplateExpander} runs them with the shared Go template
 * engine and Prometheus's template functions ({@link io.pharos.query.rules.AlertTemplates}).
 */
package io.pharos.query.rules.unittest;

package io.pharos.model.template;

import io.pharos.model.template.Node.Arg;
import io.pharos.model.template.Node.Branch;
import io.pharos.model.template.Node.Command;
import io.pharos.model.template.Node.ListNode;
import io.pharos.model.template.Node.Pipeline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template with Go's text/template semantics: pipelines pass their value on as
 * the last argument, variables are scoped to their control structure, {@code range} iterates
 * lists, maps (in key order) and integers, missing map keys read as the zero value. In HTML mode
 * every printed value is escaped unless it is {@link SafeHtml}.
 */
final class Executor {
    private static final Object MISSING = new Object();
    private static final int MAX_DEPTH = 1000;

    private enum Flow { NORMAL, BREAK, CONTINUE }

    private record Var(String name, Object value) {
    }

    /** An execution error already carrying its location. */
    static final class ExecException extends TemplateException {
        ExecException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, ListNode> templates;
    private final Functions functions;
    private final boolean html;
    private final StringBuilder out = new StringBuilder();
    private List<Var> vars = new ArrayList<>();
    private String name;
    private int line;
    /** UTF-8 bytes into {@link #line} of the command being run; -1 outside commands (Go then still has one; we do not). */
    private int column = -1;
    private String at = "";
    private int depth;

    Executor(Map<String, ListNode> templates, Functions functions, boolean html) {
        this.templates = templates;
        this.functions = functions;
        this.html = html;
    }

    String run(String templateName, ListNode root, Object data) throws TemplateException {
        name = templateName;
        vars.add(new Var("$", data));
        walk(data, root);
        return out.toString();
    }

    private TemplateException error(String msg, Throwable cause) {
        if (cause instanceof ExecException e) {
            return e;
        }
        return new ExecException("template: " + name + ":" + line + (column >= 0 ? ":" + column : "")
                + ": executing \"" + name + "\" at <" + at + ">: " + msg, cause);
    }

    private Flow walk(Object dot, Node node) throws TemplateException {
        if (node instanceof Node.Text t) {
            out.append(t.text());
            return Flow.NORMAL;
        }
        if (node instanceof ListNode l) {
            for (Node n : l.nodes()) {
                Flow f = walk(dot, n);
                if (f != Flow.NORMAL) {
                    return f;
                }
            }
            return Flow.NORMAL;
        }
        if (node instanceof Node.Action a) {
            line = a.line();
            column = -1;
            Object v = evalPipeline(dot, a.pipe());
            if (a.pipe().decl().isEmpty()) {
                print(v);
            }
            return Flow.NORMAL;
        }
        if (node instanceof Branch b) {
            line = b.line();
            column = -1;
            int mark = vars.size();
            try {
                if (b.kind() == Branch.Kind.RANGE) {
                    return range(dot, b);
                }
                Object v = evalPipeline(dot, b.pipe());
                if (Values.truth(v)) {
                    return walk(b.kind() == Branch.Kind.WITH ? v : dot, b.body());
                }
                return b.otherwise() == null ? Flow.NORMAL : walk(dot, b.otherwise());
            } finally {
                pop(mark);
            }
        }
        if (node instanceof Node.Invoke inv) {
            line = inv.line();
            column = -1;
            return invoke(dot, inv);
        }
        if (node instanceof Node.Jump j) {
            return j.isBreak() ? Flow.BREAK : Flow.CONTINUE;
        }
        throw error("unknown node " + node, null);
    }

    private Flow invoke(Object dot, Node.Invoke inv) throws TemplateException {
        ListNode t = templates.get(inv.name());
        if (t == null) {
            at = inv.toString();
            column = inv.column();
            throw error("template \"" + inv.name() + "\" not defined", null);
        }
        if (++depth > MAX_DEPTH) {
            throw error("exceeded maximum template depth (" + MAX_DEPTH + ")", null);
        }
        Object newDot = inv.pipe() == null ? null : evalPipeline(dot, inv.pipe());
        List<Var> saved = vars;
        String savedName = name;
        vars = new ArrayList<>();
        vars.add(new Var("$", newDot));
        name = inv.name();
        try {
            walk(newDot, t);
        } finally {
            vars = saved;
            name = savedName;
            depth--;
        }
        return Flow.NORMAL;
    }

    private Flow range(Object dot, Branch b) throws TemplateException {
        Object v = evalPipeline(dot, b.pipe());
        List<Object[]> items = new ArrayList<>(); // {key, value}
        if (v == null) {
            // nothing to iterate
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                items.add(new Object[] {(long) i, l.get(i)});
            }
        } else if (v instanceof KV kv) {
            kv.map().forEach((k, val) -> items.add(new Object[] {k, val}));
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : Values.sortedEntries(m)) {
                items.add(new Object[] {e.getKey(), e.getValue()});
            }
        } else if (v instanceof Collection<?> c) {
            long i = 0;
            for (Object o : c) {
                items.add(new Object[] {i++, o});
            }
        } else if (v instanceof Long n) {
            for (long i = 0; i < n; i++) {
                items.add(new Object[] {i, i});
            }
        } else {
            at = "range";
            throw error("range can't iterate over " + Values.format(v), null);
        }
        if (items.isEmpty()) {
            return b.otherwise() == null ? Flow.NORMAL : walk(dot, b.otherwise());
        }
        List<String> decl = b.pipe().decl();
        for (Object[] item : items) {
            if (decl.size() == 1) {
                setDecl(decl.get(0), item[1], b.pipe().isAssign(), 1);
            } else if (decl.size() == 2) {
                setDecl(decl.get(1), item[1], b.pipe().isAssign(), 1);
                setDecl(decl.get(0), item[0], b.pipe().isAssign(), 2);
            }
            int mark = vars.size();
            Flow f = walk(item[1], b.body());
            pop(mark);
            if (f == Flow.BREAK) {
                break;
            }
        }
        return Flow.NORMAL;
    }

    /** Sets a range variable: the n-th from the top of the stack, or the named one for {@code =}. */
    private void setDecl(String varName, Object value, boolean assign, int fromTop) throws TemplateException {
        if (assign) {
            setVar(varName, value);
        } else {
            vars.set(vars.size() - fromTop, new Var(varName, value));
        }
    }

    private void pop(int mark) {
        while (vars.size() > mark) {
            vars.remove(vars.size() - 1);
        }
    }

    private Object variable(String varName) throws TemplateException {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(varName)) {
                return vars.get(i).value();
            }
        }
        at = varName;
        throw error("undefined variable: " + varName, null);
    }

    private void setVar(String varName, Object value) throws TemplateException {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(varName)) {
                vars.set(i, new Var(varName, value));
                return;
            }
        }
        at = varName;
        throw error("undefined variable: " + varName, null);
    }

    private void print(Object v) {
        if (v == MISSING || v == null) {
            out.append("<no value>");
            return;
        }
        if (html) {
            out.append(v instanceof SafeHtml h ? h.text() : Functions.htmlEscape(Values.format(v), true));
        } else {
            out.append(Values.format(v));
        }
    }

    private Object evalPipeline(Object dot, Pipeline pipe) throws TemplateException {
        Object value = MISSING;
        for (Command c : pipe.cmds()) {
            value = evalCommand(dot, c, value);
        }
        for (String d : pipe.decl()) {
            if (pipe.isAssign()) {
                setVar(d, value);
            } else {
                vars.add(new Var(d, value));
            }
        }
        return value == MISSING ? null : value;
    }

    private Object evalCommand(Object dot, Command cmd, Object fin) throws TemplateException {
        Arg first = cmd.args().get(0);
        // Go quotes a parenthesized pipeline that leads a command without its parentheses.
        at = first instanceof Node.Parenthesized p ? p.pipe().toString() : first.toString();
        line = cmd.line();
        column = cmd.column();
        if (first instanceof Node.Field f) {
            return fieldChain(dot, dot, f.idents(), cmd.args(), fin);
        }
        if (first instanceof Node.Chain c) {
            Object recv = evalArg(dot, c.node());
            return fieldChain(dot, recv, c.idents(), cmd.args(), fin);
        }
        if (first instanceof Node.Identifier id) {
            return function(dot, id.name(), cmd.args(), fin, cmd.toString());
        }
        if (first instanceof Node.Variable v) {
            Object value = variable(v.name());
            if (v.idents().isEmpty()) {
                notAFunction(cmd.args(), fin, v.name());
                return value;
            }
            return fieldChain(dot, value, v.idents(), cmd.args(), fin);
        }
        notAFunction(cmd.args(), fin, at);
        if (first instanceof Node.Parenthesized p) {
            return evalPipeline(dot, p.pipe());
        }
        if (first instanceof Node.Dot) {
            return dot;
        }
        Node.Literal lit = (Node.Literal) first;
        if (lit.value() == null) {
            throw error("nil is not a command", null);
        }
        return lit.value();
    }

    private void notAFunction(List<Arg> args, Object fin, String what) throws TemplateException {
        if (args.size() > 1 || fin != MISSING) {
            throw error("can't give argument to non-function " + what, null);
        }
    }

    /** An operand used as an argument: evaluated on its own. */
    private Object evalArg(Object dot, Arg arg) throws TemplateException {
        if (arg instanceof Node.Dot) {
            return dot;
        }
        if (arg instanceof Node.Literal l) {
            return l.value();
        }
        if (arg instanceof Node.Field f) {
            return fieldChain(dot, dot, f.idents(), List.of(arg), MISSING);
        }
        if (arg instanceof Node.Variable v) {
            Object value = variable(v.name());
            return v.idents().isEmpty() ? value : fieldChain(dot, value, v.idents(), List.of(arg), MISSING);
        }
        if (arg instanceof Node.Parenthesized p) {
            return evalPipeline(dot, p.pipe());
        }
        if (arg instanceof Node.Chain c) {
            Object recv = evalArg(dot, c.node());
            return fieldChain(dot, recv, c.idents(), List.of(arg), MISSING);
        }
        if (arg instanceof Node.Identifier id) {
            at = id.name();
            return function(dot, id.name(), List.of(arg), MISSING, id.name());
        }
        throw error("can't handle " + arg + " as an argument", null);
    }

    private Object fieldChain(Object dot, Object receiver, List<String> idents, List<Arg> args, Object fin)
            throws TemplateException {
        Object r = receiver;
        for (int i = 0; i < idents.size() - 1; i++) {
            r = field(dot, idents.get(i), r, List.of(), MISSING);
        }
        return field(dot, idents.get(idents.size() - 1), r, args, fin);
    }

    private Object field(Object dot, String fieldName, Object receiver, List<Arg> args, Object fin) throws TemplateException {
        boolean hasArgs = args.size() > 1 || fin != MISSING;
        if (receiver == null) {
            throw error("nil pointer evaluating interface {}." + fieldName, null);
        }
        if (receiver instanceof GoObject o) {
            Object m = o.member(fieldName);
            if (m instanceof GoObject.Method method) {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i < args.size(); i++) {
                    values.add(evalArg(dot, args.get(i)));
                }
                if (fin != MISSING) {
                    values.add(fin);
                }
                try {
                    return method.call(values);
                } catch (ExecException e) {
                    throw e;
                } catch (TemplateException e) {
                    throw error("error calling " + fieldName + ": " + e.getMessage(), e);
                }
            }
            if (m != GoObject.NONE) {
                if (hasArgs) {
                    throw error(fieldName + " has arguments but cannot be invoked as function", null);
                }
                return m;
            }
            if (!(receiver instanceof Map<?, ?>)) {
                throw error("can't evaluate field " + fieldName + " in type " + o.goType(), null);
            }
        }
        if (receiver instanceof Map<?, ?> map) {
            if (hasArgs) {
                throw error(fieldName + " is not a method but has arguments", null);
            }
            return map.get(fieldName);
        }
        throw error("can't evaluate field " + fieldName + " in type " + Values.typeName(receiver), null);
    }

    /** @param callText Go's text of the call (the whole command), which a failed call's error quotes */
    private Object function(Object dot, String fname, List<Arg> args, Object fin, String callText) throws TemplateException {
        if (fname.equals("and") || fname.equals("or")) {
            boolean isAnd = fname.equals("and");
            List<Object> lazy = new ArrayList<>();
            if (args.size() < 2 && fin == MISSING) {
                throw error("wrong number of args for " + fname + ": want at least 1 got 0", null);
            }
            Object v = null;
            int n = args.size() - 1 + (fin != MISSING ? 1 : 0);
            for (int i = 0; i < n; i++) {
                v = i < args.size() - 1 ? evalArg(dot, args.get(i + 1)) : fin;
                lazy.add(v);
                if (Values.truth(v) != isAnd) {
                    return v;
                }
            }
            return v;
        }
        // A failed call is reported where the call is, not where its last argument was evaluated.
        String callAt = at;
        int callLine = line;
        int callColumn = column;
        Functions.Fn fn = functions.get(fname);
        if (fn == null) {
            throw error("\"" + fname + "\" is not a defined function", null);
        }
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            values.add(evalArg(dot, args.get(i)));
        }
        if (fin != MISSING) {
            values.add(fin);
        }
        try {
            return fn.call(values);
        } catch (ExecException e) {
            throw e;
        } catch (TemplateException e) {
            line = callLine;
            column = callColumn;
            String msg = e.getMessage();
            // Argument checks fail before the call, at the function's name; a failed call at the command.
            boolean beforeCall = msg.startsWith("error calling") || msg.startsWith("wrong") || msg.startsWith("incompatible")
                    || msg.startsWith("missing") || msg.startsWith("invalid");
            at = beforeCall ? callAt : callText;
            throw error(beforeCall ? msg : "error calling " + fname + ": " + msg, e);
        } catch (RuntimeException e) {
            at = callText;
            line = callLine;
            column = callColumn;
            throw error("error calling " + fname + ": " + e, e);
        }
    }
}

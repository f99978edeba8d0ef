package io.pharos.model.template;

import java.util.List;

/** The parse tree of a template, shaped as Go's text/template/parse. */
sealed interface Node {

    /** A sequence of nodes. */
    record ListNode(List<Node> nodes) implements Node {
    }

    /** Plain text, copied to the output. */
    record Text(String text) implements Node {
    }

    /** {@code {{ pipeline }}}: prints the pipeline's value unless it declares variables. */
    record Action(int line, Pipeline pipe) implements Node {
    }

    /** {@code if}, {@code with} (which also sets dot) and {@code range}; {@code otherwise} may be null. */
    record Branch(Kind kind, int line, Pipeline pipe, ListNode body, ListNode otherwise) implements Node {
        enum Kind { IF, WITH, RANGE }
    }

    /**
     * {@code {{ template "name" pipeline }}}; pipe may be null (dot is then nil). {@code column}
     * locates the name, where Go reports a template that is not defined.
     */
    record Invoke(int line, int column, String name, Pipeline pipe) implements Node {
        /** Go's text of the node, as its errors quote it. */
        @Override
        public String toString() {
            return "{{template " + GoFmt.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }

    /** {@code {{ break }}} and {@code {{ continue }}} inside a range. */
    record Jump(int line, boolean isBreak) implements Node {
    }

    /** {@code {{end}}}: only seen by the parser, never in a finished tree. */
    record End() implements Node {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    /** {@code {{else}}}: only seen by the parser, never in a finished tree. */
    record Else() implements Node {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    /**
     * A pipeline: optional variable declarations ({@code $x :=}) or assignment ({@code $x =}),
     * then commands joined by {@code |}, each receiving the previous one's value as its last argument.
     */
    record Pipeline(int line, boolean isAssign, List<String> decl, List<Command> cmds) {
        /** Go's text of the pipeline, as its errors quote it. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!decl.isEmpty()) {
                sb.append(String.join(", ", decl)).append(isAssign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                sb.append(i > 0 ? " | " : "").append(cmds.get(i));
            }
            return sb.toString();
        }
    }

    /**
     * One command: a function or method with arguments, or a single operand; {@code line} and
     * {@code column} (UTF-8 bytes into the line, -1 when unknown) locate its first operand, where
     * Go reports a failed call.
     */
    record Command(List<Arg> args, int line, int column) {
        /** Go's text of the command, as its errors quote it. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                sb.append(i > 0 ? " " : "").append(args.get(i));
            }
            return sb.toString();
        }
    }

    /** An operand. */
    sealed interface Arg {
    }

    /** {@code .A.B}: fields of dot. */
    record Field(List<String> idents) implements Arg {
        @Override
        public String toString() {
            return "." + String.join(".", idents);
        }
    }

    /** {@code $x} or {@code $x.A.B}. */
    record Variable(String name, List<String> idents) implements Arg {
        @Override
        public String toString() {
            return idents.isEmpty() ? name : name + "." + String.join(".", idents);
        }
    }

    /** {@code (pipeline).A.B}. */
    record Chain(Arg node, List<String> idents) implements Arg {
        @Override
        public String toString() {
            return node + "." + String.join(".", idents);
        }
    }

    /** A function name. */
    record Identifier(String name) implements Arg {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code .} */
    record Dot() implements Arg {
        @Override
        public String toString() {
            return ".";
        }
    }

    /** {@code nil}, {@code true}/{@code false}, a number, a string or a character: a constant. */
    record Literal(Object value, String text) implements Arg {
        @Override
        public String toString() {
            return text;
        }
    }

    /** {@code (pipeline)}. */
    record Parenthesized(Pipeline pipe) implements Arg {
        @Override
        public String toString() {
            return "(" + pipe + ")";
        }
    }
}

package io.pharos.query.api;

import io.pharos.query.promql.value.Matrix;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.StringValue;
import io.pharos.query.promql.value.Value;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import java.util.List;

/** The bodies of Prometheus's API: {@code {"status":"success","data":...}} and the error form. */
public final class ApiResponses {
    private ApiResponses() {
    }

    public static String success(Value value, List<String> warnings) {
        return success(value, warnings, List.of());
    }

    /** With Prometheus 3's {@code infos} beside {@code warnings}, each only when non-empty. */
    public static String success(Value value, List<String> warnings, List<String> infos) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"status\":\"success\",\"data\":{\"resultType\":\"").append(value.typeName()).append("\",\"result\":");
        if (value instanceof Scalar s) {
            PromJson.point(sb, s.timestamp(), s.value());
        } else if (value instanceof StringValue s) {
            sb.append('[');
            PromJson.timestamp(sb, s.timestamp());
            sb.append(',');
            PromJson.string(sb, s.value());
            sb.append(']');
        } else if (value instanceof Vector v) {
            vector(sb, v);
        } else {
            matrix(sb, (Matrix) value);
        }
        sb.append('}');
        warnings(sb, warnings);
        list(sb, "infos", infos);
        sb.append('}');
        return sb.toString();
    }

    private static void vector(StringBuilder sb, Vector v) {
        sb.append('[');
        boolean first = true;
        for (Sample s : v.samples()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"metric\":");
            PromJson.labels(sb, s.labels());
            sb.append(",\"value\":");
            PromJson.point(sb, s.timestamp(), s.value());
            sb.append('}');
        }
        sb.append(']');
    }

    private static void matrix(StringBuilder sb, Matrix m) {
        sb.append('[');
        boolean first = true;
        for (Series s : m.series()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"metric\":");
            PromJson.labels(sb, s.labels());
            sb.append(",\"values\":[");
            for (int i = 0; i < s.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                PromJson.point(sb, s.timestamps()[i], s.values()[i]);
            }
            sb.append("]}");
        }
        sb.append(']');
    }

    /** {@code {"status":"success","data":<data>}} around data already written as JSON. */
    public static String successData(String dataJson, List<String> warnings) {
        StringBuilder sb = new StringBuilder(dataJson.length() + 64);
        sb.append("{\"status\":\"success\",\"data\":").append(dataJson);
        warnings(sb, warnings);
        return sb.append('}').toString();
    }

    public static String stringArray(List<String> values) {
        StringBuilder sb = new StringBuilder(16 * values.size() + 2).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            PromJson.string(sb, values.get(i));
        }
        return sb.append(']').toString();
    }

    private static void warnings(StringBuilder sb, List<String> warnings) {
        list(sb, "warnings", warnings);
    }

    private static void list(StringBuilder sb, String field, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sb.append(",\"").append(field).append("\":");
        sb.append(stringArray(values));
    }

    public static String error(ApiError.Type type, String message) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"status\":\"error\",\"errorType\":\"").append(type.json()).append("\",\"error\":");
        PromJson.string(sb, message);
        return sb.append('}').toString();
    }
}

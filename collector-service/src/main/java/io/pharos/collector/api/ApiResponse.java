package io.pharos.collector.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Prometheus's API envelope: {@code {"status":"success","data":...}} or an error with its type. */
final class ApiResponse {
    private ApiResponse() {
    }

    static ResponseEntity<Map<String, Object>> success(Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return ResponseEntity.ok(body);
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String errorType, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errorType", errorType);
        body.put("error", message);
        return ResponseEntity.status(status).body(body);
    }
}

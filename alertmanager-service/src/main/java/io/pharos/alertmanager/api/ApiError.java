package io.pharos.alertmanager.api;

import com.fasterxml.jackson.annotation.JsonValue;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Error bodies as Alertmanager's API writes them. */
final class ApiError {
    private ApiError() {
    }

    /** A request the API could not bind: {@code {"code":400,"message":"..."}}. */
    static ResponseEntity<Object> badRequest(String message) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(new Body(400, message));
    }

    /** A request that failed go-swagger's validation: 422 with its error code (602 required, 612 too few items...). */
    static ResponseEntity<Object> unprocessable(int code, String message) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).contentType(MediaType.APPLICATION_JSON)
                .body(new Body(code, message));
    }

    /**
     * A handler's own error: the message as a JSON string ({@code "start time must be..."}). A
     * plain String body would be written unquoted whatever the content type.
     */
    static ResponseEntity<Object> message(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new Message(message));
    }

    record Body(int code, String message) {
    }

    /** Written as a JSON string; reads as the bare message. */
    record Message(@JsonValue String message) {
        @Override
        public String toString() {
            return message;
        }
    }
}

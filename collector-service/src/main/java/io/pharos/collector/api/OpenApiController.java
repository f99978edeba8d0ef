package io.pharos.collector.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Serves the collector's OpenAPI document, as YAML and as JSON. */
@RestController
public class OpenApiController {
    private final String yaml;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream("openapi.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "/api/v1/openapi.yaml", produces = "application/yaml")
    public String yaml() {
        return yaml;
    }

    @GetMapping(path = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> json() {
        Map<String, Object> doc = new Yaml(new LoaderOptions()).load(yaml);
        return ResponseEntity.ok(doc);
    }
}

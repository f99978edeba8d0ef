package io.pharos.model.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a bundled text resource, such as a default config file. */
public final class ClasspathText {
    private ClasspathText() {
    }

    public static String read(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = ClasspathText.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("bundled resource " + resource + " not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read bundled resource " + resource + ": " + e.getMessage(), e);
        }
    }
}

package io.pharos.alertmanager;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The service's version, as Maven recorded it in the jar. */
public final class BuildInfo {
    public static final String VERSION = readVersion();

    private BuildInfo() {
    }

    private static String readVersion() {
        String path = "/META-INF/maven/io.pharos/alertmanager-service/pom.properties";
        try (InputStream in = BuildInfo.class.getResourceAsStream(path)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}

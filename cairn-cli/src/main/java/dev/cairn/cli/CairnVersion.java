package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Cairn's version, as Maven wrote it into {@code cairn-version.properties} at build time. */
final class CairnVersion implements IVersionProvider {

    private static final String RESOURCE = "cairn-version.properties";

    /** The one-line version banner shared by {@code --version} and {@code cairn version}. */
    String line() {
        return "cairn " + number() + " (restic repository format v2)";
    }

    String number() {
        try (InputStream in = CairnVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Resource dev/cairn/cli/" + RESOURCE + " is missing from the classpath: rebuild Cairn with ./mvnw package");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank() || version.startsWith("${")) {
                throw new IllegalStateException(
                        "Resource dev/cairn/cli/" + RESOURCE + " holds no filtered version: rebuild Cairn with ./mvnw package");
            }
            return version.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dev/cairn/cli/" + RESOURCE, e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}

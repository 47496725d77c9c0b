package dev.cairn.engine.site;

import dev.cairn.engine.config.SiteConfig.Hook;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a site's restore hooks: a shell command (in the configuration's folder, with {@code CAIRN_SITE},
 * {@code CAIRN_SNAPSHOT} and {@code CAIRN_HOOK} in its environment; its output goes to the job's messages) or an
 * HTTP call with the JSON body {@code {"site","snapshot","hook"}}. Success is exit code 0 or a 2xx answer within
 * the hook's timeout; anything else is an {@link IOException} naming the hook.
 */
final class RestoreHooks {

    private final Path workDir;

    RestoreHooks(Path workDir) {
        this.workDir = workDir;
    }

    void run(Hook hook, String name, String site, String snapshot, JobListener listener) throws IOException {
        if (hook == null) {
            return;
        }
        listener.progress().phase("hook " + name);
        listener.say("running the " + name + " hook: " + hook.describe());
        if (hook.command() != null) {
            command(hook, name, site, snapshot, listener);
        } else {
            http(hook, name, site, snapshot);
        }
    }

    private void command(Hook hook, String name, String site, String snapshot, JobListener listener)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", hook.command()).directory(workDir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("CAIRN_SITE", site);
        pb.environment().put("CAIRN_SNAPSHOT", snapshot);
        pb.environment().put("CAIRN_HOOK", name);
        Process p = pb.start();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                in.lines().forEach(line -> listener.say(name + ": " + line));
            } catch (IOException ignored) {
                // the exit code decides
            }
        });
        try {
            if (!p.waitFor(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("the " + name + " hook (" + hook.describe() + ") did not finish within "
                        + hook.timeout().toSeconds() + " s");
            }
            reader.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running the " + name + " hook");
        }
        if (p.exitValue() != 0) {
            throw new IOException("the " + name + " hook (" + hook.describe() + ") exited with code " + p.exitValue());
        }
    }

    private static void http(Hook hook, String name, String site, String snapshot) throws IOException {
        String body = SiteContent.JSON.createObjectNode().put("site", site).put("snapshot", snapshot)
                .put("hook", name).toString();
        HttpRequest.BodyPublisher publisher = hook.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(hook.timeout())
                .header("Content-Type", "application/json").method(hook.method(), publisher).build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(hook.timeout()).build()) {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("the " + name + " hook (" + hook.describe() + ") answered HTTP "
                        + r.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling the " + name + " hook");
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("the " + name) ? e
                    : new IOException("the " + name + " hook (" + hook.describe() + ") failed: " + e, e);
        }
    }
}

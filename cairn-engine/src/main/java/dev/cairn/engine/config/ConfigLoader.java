package dev.cairn.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds and loads {@code cairn.yaml}. Loading validates everything that can be checked without connecting to a
 * server: unknown keys, types and ranges, references between sections, cron expressions, time zones, and that
 * every file and folder named exists.
 */
public final class ConfigLoader {

    /** The environment variable naming the configuration file when {@code --config} is not given. */
    public static final String ENV = "CAIRN_CONFIG";
    public static final String DEFAULT_NAME = "cairn.yaml";

    private ConfigLoader() {
    }

    /**
     * Where the configuration is: {@code explicit} ({@code --config}), else {@code $CAIRN_CONFIG}, else
     * {@code ./cairn.yaml} in {@code workingDir}.
     *
     * @throws ConfigException when none is given and {@code ./cairn.yaml} does not exist (the message says how
     *     to point at one)
     */
    public static Path locate(Path explicit, Map<String, String> env, Path workingDir) {
        if (explicit != null) {
            return workingDir.resolve(explicit).toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return workingDir.resolve(fromEnv).toAbsolutePath().normalize();
        }
        Path local = workingDir.resolve(DEFAULT_NAME).toAbsolutePath().normalize();
        if (!Files.exists(local)) {
            throw new ConfigException(List.of(new ConfigProblem(local, 1, 1, "", "no configuration: pass "
                    + "--config FILE, set " + ENV + ", or create ./" + DEFAULT_NAME + " (see examples/cairn.yaml)")));
        }
        return local;
    }

    /** Loads and validates {@code file}; {@code env} supplies {@code HOME} for {@code ~/} paths. */
    public static CairnConfig load(Path file, Map<String, String> env) {
        Result r = check(file, env);
        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        return r.config();
    }

    /** All problems of {@code file} (empty when it is valid) and, when valid, the configuration. */
    public static Result check(Path file, Map<String, String> env) {
        Path abs = file.toAbsolutePath().normalize();
        Problems problems = new Problems(abs);
        YamlNode root;
        try (Reader reader = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            root = YamlReader.read(reader, problems);
        } catch (JsonProcessingException e) {
            // A syntax error stops parsing; its location is the best there is.
            problems.add(YamlReader.where(e.getLocation() == null ? com.fasterxml.jackson.core.JsonLocation.NA
                    : e.getLocation()), "", "YAML syntax error: " + e.getOriginalMessage());
            return new Result(null, problems.sorted());
        } catch (NoSuchFileException e) {
            return new Result(null, List.of(new ConfigProblem(abs, 1, 1, "", "no such file: check --config or "
                    + ENV)));
        } catch (IOException e) {
            return new Result(null, List.of(new ConfigProblem(abs, 1, 1, "", "cannot read the file: " + e)));
        }
        CairnConfig config = new ConfigBinder(abs, problems, env).bind(root);
        List<ConfigProblem> list = problems.sorted();
        return new Result(list.isEmpty() ? config : null, list);
    }

    /** The outcome of {@link #check}: a configuration exactly when there are no problems. */
    public record Result(CairnConfig config, List<ConfigProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }
}

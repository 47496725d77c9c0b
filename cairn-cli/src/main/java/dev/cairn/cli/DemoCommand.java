package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn demo}: the guided tour on the bundled example site. Runs the same commands a user would type
 * (init, backup twice, snapshots, restore, check --read-data) against a new repository in a temporary folder,
 * then compares every restored file with the original, byte for byte.
 */
@Command(name = "demo", description = {"Tour: back up the example site, restore it and verify every byte.",
        "Creates a new local repository in a temporary folder, backs up the bundled example site twice,",
        "lists snapshots, restores, checks the repository and compares every restored file."})
final class DemoCommand extends CommandBase {

    @Option(names = "--site", paramLabel = "DIR", description = "Folder to use instead of the bundled example site.")
    Path site;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Where to create the repository and the restore "
            + "(default: a new folder under the system temp directory).")
    Path workdir;

    @Override
    public Integer call() throws Exception {
        Path source = (site != null ? site : exampleSite()).toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            throw new UserError("example site not found at " + source + " (run from the Cairn folder, or use --site)");
        }
        Path work = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("cairn-demo-");
        Path repo = work.resolve("repository");
        Path restored = work.resolve("restored");
        Path passwordFile = work.resolve("password");
        Files.writeString(passwordFile, "cairn-demo-" + HexFormat.of().formatHex(randomBytes()) + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));

        Map<String, String> env = new HashMap<>(env().env());
        env.put("CAIRN_REPOSITORY", repo.toString());
        env.put("CAIRN_PASSWORD_FILE", passwordFile.toString());
        env.remove("CAIRN_PASSWORD");
        env.remove("CAIRN_PASSWORD_COMMAND");
        CliEnvironment demoEnv = new CliEnvironment(Map.copyOf(env), env().stdin(), env().stdout(), env().stderr(),
                env().terminal(), env().clock());
        Output out = output();
        out.result("Cairn demo: site " + source + ", work folder " + work);
        out.result("(repository password in " + passwordFile + ")");

        List<String[]> steps = List.of(
                new String[] {"init"},
                new String[] {"backup", "--tag", "demo", source.toString()},
                new String[] {"backup", "--tag", "demo", source.toString()},
                new String[] {"snapshots"},
                new String[] {"restore", "latest", "--target", restored.toString(), "--verify"},
                new String[] {"check", "--read-data"});
        for (String[] step : steps) {
            out.result("");
            out.result("$ cairn " + String.join(" ", step));
            List<String> args = new ArrayList<>(List.of(step));
            if (global().json) {
                args.add(0, "--json");
            }
            if (global().insecureKdf) {
                args.add(0, "--insecure-kdf");
            }
            int code = Main.commandLine(demoEnv).execute(args.toArray(String[]::new));
            if (code != ExitCodes.OK) {
                out.message("demo step 'cairn " + String.join(" ", step) + "' failed with exit code " + code);
                return code;
            }
        }
        out.result("");
        out.result("$ compare " + source + " with the restored copy");
        Path copy = restored.resolve(source.toString().substring(1));
        long[] counted = compareTrees(source, copy);
        out.result("verified " + counted[0] + " files and " + counted[1] + " bytes: identical to the original");
        out.result("");
        out.result("The repository is a restic repository: try  restic -r " + repo + " --password-file "
                + passwordFile + " snapshots");
        return ExitCodes.OK;
    }

    private Path exampleSite() {
        String home = env().env().get("CAIRN_HOME");
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return base.resolve("examples/site");
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    /** Compares two trees entry by entry (regular files by SHA-256, symlinks by target); returns files, bytes. */
    static long[] compareTrees(Path original, Path copy) throws IOException {
        long[] counted = new long[2];
        Files.walkFileTree(original, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path other = copy.resolve(original.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    if (!Files.isSymbolicLink(other)
                            || !Files.readSymbolicLink(other).equals(Files.readSymbolicLink(file))) {
                        throw new UserError("restored symlink differs: " + other);
                    }
                } else if (attrs.isRegularFile()) {
                    if (!Files.isRegularFile(other, LinkOption.NOFOLLOW_LINKS)
                            || !MessageDigest.isEqual(sha256(file), sha256(other))) {
                        throw new UserError("restored file differs from the original: " + other);
                    }
                    counted[1] += attrs.size();
                }
                counted[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return counted;
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = dev.cairn.repository.Id.sha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return digest.digest();
    }
}

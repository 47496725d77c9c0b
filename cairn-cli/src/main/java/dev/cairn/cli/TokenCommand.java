package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.engine.catalog.ApiTokenStore;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.server.CatalogAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn token}: API tokens for {@code cairn serve}, kept hashed in the catalog. */
@Command(name = "token", description = "Create, list and revoke API tokens for the REST API (cairn serve).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand extends CommandBase {

    @Override
    public Integer call() {
        spec.commandLine().usage(env().stderr());
        return ExitCodes.USAGE;
    }

    Catalog catalog() {
        CairnConfig config = SiteConfigs.load(global(), env());
        return CatalogAccess.open(config, env().env(), env().clock());
    }

    /** Who ran the command, for the audit log. */
    String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** {@code cairn token create}: prints the new token once; only its hash is stored. */
    @Command(name = "create", description = "Create a token and print it (once: only its hash is kept).")
    static final class Create implements Callable<Integer> {

        @ParentCommand
        TokenCommand parent;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "read, backup, restore or admin; each includes the ones before it.")
        String scope;

        @Option(names = "--name", paramLabel = "NAME", description = "What the token is for (shown in listings and"
                + " the audit log). Default: the scope.")
        String name;

        @Option(names = "--expires-in-days", paramLabel = "DAYS", description = "Expire after this many days "
                + "(default: never).")
        Integer days;

        @Override
        public Integer call() {
            Scope s;
            try {
                s = Scope.parse(scope);
            } catch (IllegalArgumentException e) {
                throw new UserError("--scope must be read, backup, restore or admin, got '" + scope + "'");
            }
            String label = name == null ? s.key() : name.strip();
            if (label.isEmpty() || label.length() > 200) {
                throw new UserError("--name must be 1 to 200 characters");
            }
            if (days != null && (days < 1 || days > 36_500)) {
                throw new UserError("--expires-in-days must be between 1 and 36500, got " + days);
            }
            Output out = parent.output();
            try (Catalog catalog = parent.catalog()) {
                Instant expires = days == null ? null : parent.env().clock().instant().plus(Duration.ofDays(days));
                ApiTokenStore.Issued issued = catalog.apiTokens().create(label, s, parent.actor(), expires);
                catalog.auditLog().append(parent.actor(), "token create", "token " + issued.token().id(),
                        "{\"scope\":\"" + s.key() + "\"}", "local");
                if (out.json()) {
                    out.printJson(out.object().put("id", issued.token().id()).put("name", label)
                            .put("scope", s.key()).put("token", issued.secret())
                            .put("expires_at", expires == null ? null : expires.toString()));
                } else {
                    out.result(issued.secret());
                    out.message("token " + issued.token().id() + " '" + label + "' (scope " + s.key() + ") created; "
                            + "it is shown only now: store it in your CI's secrets. Send it as 'Authorization: "
                            + "Bearer TOKEN'.");
                }
            }
            return ExitCodes.OK;
        }
    }

    /** {@code cairn token list}. */
    @Command(name = "list", description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {

        @ParentCommand
        TokenCommand parent;

        @Override
        public Integer call() {
            Output out = parent.output();
            try (Catalog catalog = parent.catalog()) {
                java.util.List<ApiTokenStore.ApiToken> tokens = catalog.apiTokens().list();
                if (out.json()) {
                    ArrayNode array = out.mapper().createArrayNode();
                    for (ApiTokenStore.ApiToken t : tokens) {
                        array.addObject().put("id", t.id()).put("name", t.name()).put("prefix", t.prefix())
                                .put("scope", t.scope().key()).put("created_by", t.createdBy())
                                .put("created_at", text(t.createdAt())).put("expires_at", text(t.expiresAt()))
                                .put("last_used_at", text(t.lastUsedAt())).put("revoked_at", text(t.revokedAt()))
                                .put("active", state(t, parent.env().clock().instant()).equals("active"));
                    }
                    out.printJson(array);
                    return ExitCodes.OK;
                }
                Instant now = parent.env().clock().instant();
                out.result(String.format(Locale.ROOT, "%-5s %-24s %-8s %-13s %-20s %-20s %s", "ID", "NAME", "SCOPE",
                        "PREFIX", "CREATED", "LAST USED", "STATE"));
                for (ApiTokenStore.ApiToken t : tokens) {
                    out.result(String.format(Locale.ROOT, "%-5d %-24s %-8s %-13s %-20s %-20s %s", t.id(), t.name(),
                            t.scope().key(), t.prefix() + "…", minutes(t.createdAt()), minutes(t.lastUsedAt()),
                            state(t, now)));
                }
            }
            return ExitCodes.OK;
        }

        private static String state(ApiTokenStore.ApiToken t, Instant now) {
            if (t.revokedAt() != null) {
                return "revoked";
            }
            return t.expiresAt() != null && !t.expiresAt().isAfter(now) ? "expired" : "active";
        }

        private static String text(Instant t) {
            return t == null ? null : t.toString();
        }

        private static String minutes(Instant t) {
            return t == null ? "-" : t.toString().substring(0, 16).replace('T', ' ');
        }
    }

    /** {@code cairn token revoke ID}. */
    @Command(name = "revoke", description = "Revoke a token; requests with it fail with 401 at once.")
    static final class Revoke implements Callable<Integer> {

        @ParentCommand
        TokenCommand parent;

        @Parameters(paramLabel = "ID", description = "The token's id (see 'cairn token list').")
        long id;

        @Override
        public Integer call() {
            try (Catalog catalog = parent.catalog()) {
                if (catalog.apiTokens().list().stream().noneMatch(t -> t.id() == id)) {
                    throw new UserError("no token " + id + " (see 'cairn token list')");
                }
                if (!catalog.apiTokens().revoke(id)) {
                    throw new UserError("token " + id + " is already revoked");
                }
                catalog.auditLog().append(parent.actor(), "token revoke", "token " + id, null, "local");
                parent.output().message("token " + id + " revoked");
            }
            return ExitCodes.OK;
        }
    }
}

package dev.cairn.storage.azure;

/**
 * An Azure repository URL as restic spells it ({@code internal/backend/azure/config.go}):
 * {@code azure:container:/prefix}, the prefix cleaned and without its leading slash (empty for the container's
 * root).
 */
record AzureUrl(String container, String prefix) {

    static AzureUrl parse(String rest) {
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid Azure location 'azure:" + rest + "': container or path missing "
                    + "(expected azure:container:/prefix, e.g. azure:backups:/web01)");
        }
        String container = rest.substring(0, colon);
        if (!container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid Azure container name '" + container + "' in 'azure:" + rest
                    + "': 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or "
                    + "digit");
        }
        StringBuilder prefix = new StringBuilder();
        for (String part : rest.substring(colon + 1).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                int slash = prefix.lastIndexOf("/");
                prefix.setLength(Math.max(slash, 0));
                continue;
            }
            if (!prefix.isEmpty()) {
                prefix.append('/');
            }
            prefix.append(part);
        }
        return new AzureUrl(container, prefix.toString());
    }

    /** The blob name of a path relative to the repository root. */
    String blob(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    @Override
    public String toString() {
        return "azure:" + container + ":/" + prefix;
    }
}

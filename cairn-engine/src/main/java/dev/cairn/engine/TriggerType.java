package dev.cairn.engine;

import java.util.Locale;

/** Why a backup was made; written to the catalog and as the snapshot tag {@code trigger:<key>}. */
public enum TriggerType {
    MANUAL, SCHEDULED, BEFORE_UPDATE, ON_DEPLOYMENT, PRE_RESTORE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TriggerType parse(String text) {
        for (TriggerType t : values()) {
            if (t.key().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown trigger '" + text
                + "': use manual, scheduled, before_update, on_deployment or pre_restore");
    }
}

package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The per-location part of a backup to several locations: a table in text, a {@code locations} array in JSON. */
final class LocationsReport {

    private LocationsReport() {
    }

    /** @param json the JSON summary to add {@code locations} to, or null in text mode */
    static void print(Output out, List<SeveralLocations.Outcome> outcomes, ObjectNode json) {
        long reached = outcomes.stream().filter(SeveralLocations.Outcome::ok).count();
        if (json != null) {
            ArrayNode array = json.putArray("locations");
            for (SeveralLocations.Outcome o : outcomes) {
                ObjectNode node = array.addObject();
                node.put("repository", o.location());
                node.put("status", o.ok() ? "ok" : "failed");
                node.put("how", o.how());
                if (o.snapshot() != null) {
                    node.put("snapshot_id", o.snapshot().hex());
                }
                node.put("blobs_copied", o.blobs());
                node.put("bytes_added", o.bytes());
                if (o.error() != null) {
                    node.put("error", o.error());
                }
            }
            json.put("locations_reached", reached);
            return;
        }
        int width = outcomes.stream().mapToInt(o -> o.location().length()).max().orElse(10);
        out.result("locations:");
        for (SeveralLocations.Outcome o : outcomes) {
            String what = switch (o.how()) {
                case "written" -> "snapshot " + o.snapshot().shortHex() + " written";
                case "copied" -> "snapshot " + o.snapshot().shortHex() + " copied (" + o.blobs() + " blobs, "
                        + Output.bytes(o.bytes()) + " added)";
                case "present" -> "snapshot " + o.snapshot().shortHex() + " was there already";
                default -> o.error();
            };
            out.result(String.format(Locale.ROOT, "  %-7s %-" + width + "s  %s", o.ok() ? "ok" : "FAILED",
                    o.location(), what));
        }
        String line = "backup written to " + reached + " of " + outcomes.size() + " locations";
        out.result(reached == outcomes.size() ? line : line + "; see the errors above, fix them and run the "
                + "backup again (or 'cairn copy' to the missing location)");
    }
}

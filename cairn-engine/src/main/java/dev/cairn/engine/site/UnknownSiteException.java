package dev.cairn.engine.site;

/** A site name that cairn.yaml does not define (the server answers 404). */
public final class UnknownSiteException extends SiteException {

    public UnknownSiteException(String site, java.util.Collection<String> known) {
        super("unknown site '" + site + "' (configured: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + ")");
    }
}

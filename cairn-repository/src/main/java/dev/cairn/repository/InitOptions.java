package dev.cairn.repository;

import dev.cairn.repository.chunker.Polynomial;
import dev.cairn.repository.crypto.ScryptParams;
import java.util.Objects;

/**
 * What {@link Repositories#init} chooses for a new repository beyond its {@link RepositoryOptions}: the scrypt
 * parameters of the first key and the chunker polynomial. A given polynomial (restic's
 * {@code init --copy-chunker-params}) makes files cut into the same chunks as in another repository, so that
 * {@code copy} between the two deduplicates; {@code null} draws a random one.
 *
 * @param chunkerPolynomial lower-case hex as in a config's {@code chunker_polynomial}, or {@code null}
 */
public record InitOptions(ScryptParams kdf, String chunkerPolynomial) {

    public InitOptions {
        Objects.requireNonNull(kdf, "kdf");
        if (chunkerPolynomial != null) {
            chunkerPolynomial = Polynomial.parse(chunkerPolynomial).hex(); // validated: irreducible, degree 53
        }
    }

    public static InitOptions defaults() {
        return new InitOptions(ScryptParams.DEFAULT, null);
    }

    public InitOptions withKdf(ScryptParams params) {
        return new InitOptions(params, chunkerPolynomial);
    }

    public InitOptions withChunkerPolynomial(String hex) {
        return new InitOptions(kdf, hex);
    }
}

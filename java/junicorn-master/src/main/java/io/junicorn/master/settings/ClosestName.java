package io.junicorn.master.settings;

import java.util.Collection;
import java.util.Optional;

/** The known name a mistyped one was most likely meant to be, for "did you mean 'workers'?". */
final class ClosestName {
    private ClosestName() {
    }

    /**
     * The candidate within a few edits of the typo (a swap of two neighbours counts as one edit, '-' is read
     * as '_' because gunicorn's flags spell with dashes what its keys spell with underscores), if any.
     */
    static Optional<String> of(String typo, Collection<String> candidates) {
        String normalized = typo.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        int allowed = 1 + normalized.length() / 4;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(normalized, candidate);
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

package io.scrumops.bridge.adapter;

import java.util.Locale;

/**
 * One spelling of a repository's web address, so that the repository a deployment names and the one a push or pull
 * request names compare equal: no trailing slash or {@code .git}, scheme and host in lower case.
 */
public final class RepoUrls {

    private RepoUrls() {
    }

    public static String normalize(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        int scheme = u.indexOf("://");
        if (scheme > 0) {
            int pathStart = u.indexOf('/', scheme + 3);
            String head = pathStart < 0 ? u : u.substring(0, pathStart);
            u = head.toLowerCase(Locale.ROOT) + (pathStart < 0 ? "" : u.substring(pathStart));
        }
        return u;
    }

    /** A branch name without {@code refs/heads/} (tags keep no prefix either). */
    public static String branch(String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("refs/heads/")) {
            return ref.substring("refs/heads/".length());
        }
        if (ref.startsWith("refs/tags/")) {
            return ref.substring("refs/tags/".length());
        }
        return ref;
    }
}

package io.hostmove.events.model;

/**
 * One line of a site's configuration rewritten for the new platform; secrets are masked.
 *
 * @param file   path of the file on the new host
 * @param line   1-based line number
 * @param before the line before, secrets masked
 * @param after  the line after, secrets masked
 */
public record ConfigRewrite(String file, int line, String before, String after) {
}

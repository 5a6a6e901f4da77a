package io.hostmove.transfer.rewrite;

import io.hostmove.events.model.ConfigRewrite;

import java.util.List;
import java.util.Objects;

/**
 * A configuration file after rewriting.
 *
 * @param content the whole new content, line endings and untouched lines exactly as they were
 * @param changes one entry per changed line, in line order, secrets masked
 */
public record Rewritten(String content, List<ConfigRewrite> changes) {

    public Rewritten {
        Objects.requireNonNull(content, "content");
        changes = List.copyOf(changes);
    }
}

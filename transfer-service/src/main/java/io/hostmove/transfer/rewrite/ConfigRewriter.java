package io.hostmove.transfer.rewrite;

import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.transfer.rewrite.Connections.Edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rewrites one configuration file for the new platform, as the runbook promises: database connections in site
 * code are updated where they are found, static paths below the old home are moved to the new home, and
 * passwords are never changed. Pure: the caller reads and writes the file.
 *
 * <p>Database connections are read from {@code wp-config.php} ({@code DB_NAME}, {@code DB_USER},
 * {@code DB_HOST}), Joomla's {@code configuration.php} ({@code $db}, {@code $user}, {@code $host}), Drupal's
 * {@code settings.php} / {@code settings.*.php} ({@code $databases[…] = array(…)} or {@code […]}) and
 * {@code .env} / {@code .env.*} ({@code DB_DATABASE}, {@code DB_USERNAME}, {@code DB_HOST}, {@code DB_PORT},
 * {@code DATABASE_URL}, {@code DB_URL}). A connection is rewritten only when it is recognisably one of the
 * plan's databases (see {@link Connections}); values computed at runtime — {@code getenv()}, concatenation,
 * interpolation, {@code ${VAR}} — leave the whole connection as it is.
 *
 * <p>The old home is replaced in every file {@link ConfigFiles#isConfigName(String)} accepts (see
 * {@link HomePaths}).
 *
 * <p>Line endings ({@code \n} or {@code \r\n}) and every line not rewritten come back exactly as they were.
 * Rewriting the result again with the same plan changes nothing (unless the plan renames a database to another
 * database's old name).
 */
public final class ConfigRewriter {

    private ConfigRewriter() {
    }

    /**
     * @param path    the file's path (as reported; its name decides the format)
     * @param content the whole file, decoded as UTF-8
     * @param plan    what changes
     * @return the new content and one report per changed line, or empty when nothing changes
     */
    public static Optional<Rewritten> rewrite(String path, String content, RewritePlan plan) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(plan, "plan");
        List<Lines.Line> lines = Lines.split(content);
        List<String> texts = Lines.texts(lines);
        List<Edit> edits = plan.databases().isEmpty() ? List.of()
                : Connections.edits(SiteFormats.scopes(path, texts), plan);
        List<List<Edit>> byLine = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            byLine.add(new ArrayList<>());
        }
        for (Edit edit : edits) {
            byLine.get(edit.line()).add(edit);
        }
        boolean paths = plan.movesHome() && ConfigFiles.isConfigName(path);

        StringBuilder out = new StringBuilder(content.length() + 64);
        List<ConfigRewrite> changes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String before = texts.get(i);
            String after = apply(before, byLine.get(i));
            if (paths) {
                after = HomePaths.rewrite(after, plan.oldHome(), plan.newHome());
            }
            if (!after.equals(before)) {
                changes.add(new ConfigRewrite(path, i + 1, Masking.mask(before), Masking.mask(after)));
            }
            out.append(after).append(lines.get(i).terminator());
        }
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rewritten(out.toString(), changes));
    }

    private static String apply(String line, List<Edit> edits) {
        if (edits.isEmpty()) {
            return line;
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder b = new StringBuilder(line);
        for (Edit e : edits) {
            b.replace(e.start(), e.end(), e.replacement());
        }
        return b.toString();
    }
}

package io.hostmove.transfer.files;

import io.hostmove.transfer.files.Manifest.Entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages of a maildir: the files in the {@code cur/} and {@code new/} folders of the maildir and of its
 * sub-folders. A message is known by its unique name (the file name up to the first {@code ,} or {@code :}),
 * which stays the same when the reader moves it from new/ to cur/, changes its flags or files it in another
 * folder; so a merge by unique name never brings back what a reader deleted, or resets what they flagged.
 */
public final class Maildirs {

    private Maildirs() {
    }

    /** Unique name → path below the maildir, of every message in a maildir's manifest. */
    public static Map<String, String> messages(Map<String, Entry> maildir) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> entry : maildir.entrySet()) {
            String path = entry.getKey();
            int slash = path.lastIndexOf('/');
            if (entry.getValue().type() != 'f' || slash < 0) {
                continue;
            }
            if (isMessage(path)) {
                messages.putIfAbsent(uniqueName(path.substring(slash + 1)), path);
            }
        }
        return messages;
    }

    /** Whether a path below a maildir is where a message lives (a file directly in a cur/ or new/ folder). */
    public static boolean isMessage(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String folder = path.substring(0, slash);
        return folder.equals("cur") || folder.equals("new") || folder.endsWith("/cur") || folder.endsWith("/new");
    }

    /** The unique part of a message's file name, without the flags after {@code :} or fields after {@code ,}. */
    public static String uniqueName(String fileName) {
        int end = fileName.length();
        for (char separator : new char[] {':', ','}) {
            int at = fileName.indexOf(separator);
            if (at > 0 && at < end) {
                end = at;
            }
        }
        return fileName.substring(0, end);
    }

    /**
     * Paths (below the maildir) of the source's messages the target lacks: not there under any name, flags or
     * folder, and never delivered there before (a message the reader deleted stays deleted).
     *
     * @param onTarget  unique names of the target's messages
     * @param delivered unique names known to have reached the target at some time
     */
    public static List<String> missing(Map<String, String> source, Set<String> onTarget, Set<String> delivered) {
        List<String> missing = new ArrayList<>();
        source.forEach((unique, path) -> {
            if (!onTarget.contains(unique) && !delivered.contains(unique)) {
                missing.add(path);
            }
        });
        return missing;
    }
}

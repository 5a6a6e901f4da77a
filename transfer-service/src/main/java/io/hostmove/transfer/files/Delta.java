package io.hostmove.transfer.files;

import io.hostmove.transfer.files.Manifest.Entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes a target tree equal to a source tree, by rsync's quick check (type, size, modification time, mode,
 * owner, link target): the entries to send, in the source's order (a directory before what it holds; with the
 * directory of every entry written or deleted, whose time that changes), and the entries to delete on the target
 * first (gone from the source, or of another type there).
 *
 * @param send   paths to send
 * @param delete paths to delete on the target, none below another one of them
 */
public record Delta(List<String> send, List<String> delete) {

    public static Delta between(Map<String, Entry> source, Map<String, Entry> target) {
        List<String> delete = new ArrayList<>();
        String deletedDir = null;
        for (Map.Entry<String, Entry> there : target.entrySet()) {
            String path = there.getKey();
            if (deletedDir != null && path.startsWith(deletedDir)) {
                continue;
            }
            Entry here = source.get(path);
            if (here == null || here.type() != there.getValue().type()) {
                delete.add(path);
                deletedDir = there.getValue().type() == 'd' ? path + "/" : null;
            }
        }
        Set<String> changed = new HashSet<>();
        for (Map.Entry<String, Entry> here : source.entrySet()) {
            Entry there = target.get(here.getKey());
            if (there == null || !here.getValue().sameAs(there)) {
                changed.add(here.getKey());
            }
        }
        // Writing or deleting an entry changes its directory's time on the target: the directory goes along.
        Set<String> parents = new HashSet<>();
        for (String path : changed) {
            parents.add(parent(path));
        }
        for (String path : delete) {
            parents.add(parent(path));
        }
        List<String> send = new ArrayList<>();
        for (Map.Entry<String, Entry> here : source.entrySet()) {
            String path = here.getKey();
            if (changed.contains(path) || parents.contains(path) && here.getValue().type() == 'd') {
                send.add(path);
            }
        }
        return new Delta(send, delete);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}

package io.hostmove.transfer.files;

import io.hostmove.transfer.files.Manifest.Entry;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaTest {

    private static Entry file(long size, String mtime) {
        return new Entry('f', size, mtime, "1.0", "644", "1000:1000", "");
    }

    private static Entry dir(String mtime) {
        return new Entry('d', 0, mtime, "1.0", "755", "1000:1000", "");
    }

    private static Entry link(String target) {
        return new Entry('l', 9, "5.0", "1.0", "777", "1000:1000", target);
    }

    @Test
    void equal_trees_need_nothing() {
        Map<String, Entry> tree = Map.of("a", dir("1.0"), "a/x", file(3, "2.0"));
        assertThat(Delta.between(tree, tree)).isEqualTo(new Delta(List.of(), List.of()));
    }

    @Test
    void changed_new_and_gone_entries_are_found_by_the_quick_check() {
        Map<String, Entry> source = new LinkedHashMap<>();
        source.put("a", dir("1.0"));
        source.put("a/same", file(3, "2.0"));
        source.put("a/longer", file(4, "2.0"));
        source.put("a/touched", file(3, "2.5"));
        source.put("a/new", file(7, "3.0"));
        source.put("l", link("a/new"));
        Map<String, Entry> target = new LinkedHashMap<>();
        target.put("a", dir("1.0"));
        target.put("a/same", file(3, "2.0"));
        target.put("a/longer", file(3, "2.0"));
        target.put("a/touched", file(3, "2.0"));
        target.put("a/gone", file(1, "1.0"));
        target.put("l", link("a/same"));

        Delta delta = Delta.between(source, target);

        assertThat(delta.send()).as("the directory goes along: writing and deleting in it changed its time")
                .containsExactly("a", "a/longer", "a/touched", "a/new", "l");
        assertThat(delta.delete()).containsExactly("a/gone");
    }

    @Test
    void a_directory_gone_is_deleted_once_with_what_it_held_and_a_changed_type_is_replaced() {
        Map<String, Entry> source = new LinkedHashMap<>();
        source.put("was-dir", file(5, "1.0"));
        Map<String, Entry> target = new LinkedHashMap<>();
        target.put("old", dir("1.0"));
        target.put("old/x", file(1, "1.0"));
        target.put("old/y", dir("1.0"));
        target.put("old/y/z", file(1, "1.0"));
        target.put("was-dir", dir("1.0"));
        target.put("was-dir/inside", file(1, "1.0"));

        Delta delta = Delta.between(source, target);

        assertThat(delta.delete()).containsExactly("old", "was-dir");
        assertThat(delta.send()).containsExactly("was-dir");
    }

    @Test
    void a_file_changed_in_place_takes_its_directory_along_but_no_further_ancestor() {
        Map<String, Entry> source = new LinkedHashMap<>();
        source.put("site", dir("1.0"));
        source.put("site/pages", dir("1.0"));
        source.put("site/pages/index.html", file(10, "9.0"));
        Map<String, Entry> target = new LinkedHashMap<>(source);
        target.put("site/pages/index.html", file(9, "8.0"));

        assertThat(Delta.between(source, target).send()).containsExactly("site/pages", "site/pages/index.html");
    }

    @Test
    void mode_and_owner_changes_are_sent() {
        Map<String, Entry> source = Map.of("f", new Entry('f', 1, "1.0", "9.0", "600", "0:0", ""));
        Map<String, Entry> target = Map.of("f", new Entry('f', 1, "1.0", "2.0", "644", "0:0", ""));
        assertThat(Delta.between(source, target).send()).containsExactly("f");
    }
}

package io.hostmove.transfer.files;

import io.hostmove.transfer.files.Manifest.Entry;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MaildirsTest {

    private static final Entry MESSAGE = new Entry('f', 100, "1.0", "1.0", "600", "1000:1000", "");
    private static final Entry FOLDER = new Entry('d', 0, "1.0", "1.0", "700", "1000:1000", "");

    @Test
    void messages_are_the_files_in_cur_and_new_of_every_folder_by_unique_name() {
        Map<String, Entry> maildir = new LinkedHashMap<>();
        maildir.put("cur", FOLDER);
        maildir.put("cur/1700000001.M1P1.host,S=100:2,S", MESSAGE);
        maildir.put("new/1700000002.M2P2.host,S=100", MESSAGE);
        maildir.put("tmp/1700000003.M3P3.host", MESSAGE);
        maildir.put(".Sent/cur/1700000004.M4P4.host:2,RS", MESSAGE);
        maildir.put("dovecot-uidlist", MESSAGE);
        maildir.put(".Sent/maildirfolder", MESSAGE);

        assertThat(Maildirs.messages(maildir)).containsExactly(
                Map.entry("1700000001.M1P1.host", "cur/1700000001.M1P1.host,S=100:2,S"),
                Map.entry("1700000002.M2P2.host", "new/1700000002.M2P2.host,S=100"),
                Map.entry("1700000004.M4P4.host", ".Sent/cur/1700000004.M4P4.host:2,RS"));
    }

    @Test
    void a_message_read_flagged_or_filed_elsewhere_keeps_its_unique_name() {
        assertThat(Maildirs.uniqueName("1700000002.M2P2.host,S=100")).isEqualTo("1700000002.M2P2.host");
        assertThat(Maildirs.uniqueName("1700000002.M2P2.host,S=100:2,FS")).isEqualTo("1700000002.M2P2.host");
        assertThat(Maildirs.uniqueName("1700000002.M2P2.host:2,")).isEqualTo("1700000002.M2P2.host");
    }

    @Test
    void only_messages_the_target_never_had_are_missing() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("arrived", "new/arrived");
        source.put("read-there", "new/read-there");
        source.put("deleted-there", "cur/deleted-there:2,S");
        source.put("flagged-there", "cur/flagged-there:2,S");

        assertThat(Maildirs.missing(source, Set.of("read-there", "flagged-there"),
                Set.of("read-there", "flagged-there", "deleted-there"))).containsExactly("new/arrived");
    }
}

package io.hostmove.transfer.files;

import io.hostmove.transfer.Progress;
import io.hostmove.transfer.files.Manifest.Entry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** An account's home copied from the old host to the new one, by one {@link Route}. */
public interface HomeCopy {

    Route route();

    /** Makes the new home equal to the old one: sends what differs, deletes what is gone. */
    Moved mirror(Progress progress);

    /**
     * Adds the listed entries (paths below the home); whatever already exists on the new host stays untouched.
     *
     * @param known the entries' facts on the old host, where known (sizes for the relay's estimates)
     */
    Moved add(Collection<String> paths, Map<String, Entry> known);

    /**
     * What a checksum comparison still finds different; at most 20 lines, none when the homes are equal.
     *
     * @param arrivedOnOld paths allowed to exist on the old host only (mail that arrived since the copy)
     */
    List<String> differences(Predicate<String> arrivedOnOld);
}

package io.hostmove.transfer.files;

/**
 * What a file copy did.
 *
 * @param files   regular files sent
 * @param bytes   bytes that went over the wire (rsync) or through the relay (tar stream)
 * @param deleted entries deleted on the target
 */
public record Moved(long files, long bytes, long deleted) {

    public static final Moved NOTHING = new Moved(0, 0, 0);

    public Moved plus(Moved other) {
        return new Moved(files + other.files, bytes + other.bytes, deleted + other.deleted);
    }
}

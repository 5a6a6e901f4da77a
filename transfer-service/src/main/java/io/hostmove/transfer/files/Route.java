package io.hostmove.transfer.files;

/** How files get from the old host to the new one. */
public enum Route {
    /** The new host pulls from the old one with rsync over ssh. */
    DIRECT,
    /** tar on one host streams through this service into tar on the other (the hosts need not reach each other). */
    RELAY
}

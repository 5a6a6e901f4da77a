package io.hostmove.planner.persistence;

/** Whether accounts move away from a host or onto it. */
public enum HostRole {
    OLD,
    NEW
}

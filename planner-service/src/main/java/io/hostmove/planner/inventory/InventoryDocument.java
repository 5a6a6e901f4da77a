package io.hostmove.planner.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** A whole inventory in one file: customers, hosts and accounts, linked by customer ref and host name. */
public record InventoryDocument(
        @NotNull List<@NotNull @Valid CustomerInput> customers,
        @NotNull List<@NotNull @Valid HostInput> hosts,
        @NotNull List<@NotNull @Valid AccountInput> accounts) {
}

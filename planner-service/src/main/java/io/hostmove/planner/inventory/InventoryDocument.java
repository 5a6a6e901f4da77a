package io.hostmove.planner.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** A whole inventory in one file: customers, hosts and accounts, linked by customer ref and host name. */
public record InventoryDocument(
        @NotNull @Valid List<@NotNull @Valid CustomerInput> customers,
        @NotNull @Valid List<@NotNull @Valid HostInput> hosts,
        @NotNull @Valid List<@NotNull @Valid AccountInput> accounts) {
}

package io.hostmove.planner.messaging;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.planner.Effect;
import io.hostmove.planner.persistence.Customer;
import io.hostmove.planner.persistence.Host;
import io.hostmove.planner.persistence.HostingAccount;
import io.hostmove.planner.persistence.Migration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerPublisherTest {

    @ParameterizedTest(name = "syncBack={0}")
    @ValueSource(booleans = {true, false})
    void every_request_of_the_transfer_rollback_carries_the_operators_sync_back_choice(boolean syncBack) {
        Migration migration = migration();
        migration.rollbackSyncBack = syncBack;

        TransferRollbackRequested first = (TransferRollbackRequested) PlannerPublisher.toEvent(migration,
                new Effect.RequestStep(MigrationStep.TRANSFER_ROLLBACK));
        TransferRollbackRequested retried = (TransferRollbackRequested) PlannerPublisher.toEvent(migration,
                new Effect.RequestStep(MigrationStep.TRANSFER_ROLLBACK));

        assertThat(List.of(first.syncBack(), retried.syncBack())).containsOnly(syncBack);
    }

    private static Migration migration() {
        Customer customer = new Customer();
        customer.ref = "K-1001";
        Host old = new Host();
        old.name = "old-web-1";
        Host neu = new Host();
        neu.name = "new-web-1";
        HostingAccount account = new HostingAccount();
        account.id = UUID.randomUUID();
        account.customer = customer;
        account.oldHost = old;
        account.newHost = neu;
        account.sites = List.of();
        account.databases = List.of();
        account.mailboxes = List.of();
        account.domains = List.of("nordlys.example");
        Migration migration = new Migration();
        migration.id = UUID.randomUUID();
        migration.account = account;
        return migration;
    }
}

package io.hostmove.planner.rest;

import io.hostmove.planner.UnknownResourceException;
import io.hostmove.planner.inventory.AccountInput;
import io.hostmove.planner.inventory.CustomerInput;
import io.hostmove.planner.inventory.HostInput;
import io.hostmove.planner.inventory.InventoryDocument;
import io.hostmove.planner.inventory.InventoryService;
import io.hostmove.planner.persistence.Customer;
import io.hostmove.planner.persistence.Host;
import io.hostmove.planner.persistence.HostingAccount;
import io.hostmove.planner.rest.Views.AccountView;
import io.hostmove.planner.rest.Views.CustomerView;
import io.hostmove.planner.rest.Views.HostView;
import io.hostmove.planner.rest.Views.ImportSummary;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The inventory: customers, hosts and hosting accounts. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
public class InventoryResource {

    @Inject
    InventoryService inventory;

    @POST
    @Path("customers")
    @Operation(summary = "Add a customer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createCustomer(@NotNull @Valid CustomerInput customer, UriInfo uri) {
        CustomerView view = CustomerView.of(inventory.createCustomer(customer));
        return Response.created(uri.getAbsolutePathBuilder().path(view.ref()).build()).entity(view).build();
    }

    @GET
    @Path("customers")
    @Transactional
    public List<CustomerView> customers() {
        return Customer.<Customer>listAll(Sort.by("ref")).stream().map(CustomerView::of).toList();
    }

    @GET
    @Path("customers/{ref}")
    @Transactional
    public CustomerView customer(@PathParam("ref") String ref) {
        return Customer.findByRef(ref).map(CustomerView::of)
                .orElseThrow(() -> new UnknownResourceException("customer", ref));
    }

    @POST
    @Path("hosts")
    @Operation(summary = "Add a host")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createHost(@NotNull @Valid HostInput host, UriInfo uri) {
        HostView view = HostView.of(inventory.createHost(host));
        return Response.created(uri.getAbsolutePathBuilder().path(view.name()).build()).entity(view).build();
    }

    @GET
    @Path("hosts")
    @Transactional
    public List<HostView> hosts() {
        return Host.<Host>listAll(Sort.by("name")).stream().map(HostView::of).toList();
    }

    @GET
    @Path("hosts/{name}")
    @Transactional
    public HostView host(@PathParam("name") String name) {
        return Host.findByName(name).map(HostView::of).orElseThrow(() -> new UnknownResourceException("host", name));
    }

    @POST
    @Path("accounts")
    @Operation(summary = "Add a hosting account of a customer on an old host, to move to a new host")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createAccount(@NotNull @Valid AccountInput account, UriInfo uri) {
        AccountView view = AccountView.of(inventory.createAccount(account));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id().toString()).build()).entity(view).build();
    }

    @GET
    @Path("accounts")
    @Transactional
    public List<AccountView> accounts() {
        return HostingAccount.<HostingAccount>listAll(Sort.by("systemUser")).stream().map(AccountView::of).toList();
    }

    @GET
    @Path("accounts/{id}")
    @Transactional
    public AccountView account(@PathParam("id") UUID id) {
        return HostingAccount.<HostingAccount>findByIdOptional(id).map(AccountView::of)
                .orElseThrow(() -> new UnknownResourceException("account", id));
    }

    @POST
    @Path("inventory")
    @Operation(summary = "Import a whole inventory (customers, hosts, accounts) in one go; all or nothing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importInventory(@NotNull @Valid InventoryDocument document) {
        List<AccountView> accounts = inventory.importAll(document).stream().map(AccountView::of).toList();
        ImportSummary summary = new ImportSummary(document.customers().stream().map(CustomerInput::ref).toList(),
                document.hosts().stream().map(HostInput::name).toList(), accounts);
        return Response.status(Response.Status.CREATED).entity(summary).build();
    }
}

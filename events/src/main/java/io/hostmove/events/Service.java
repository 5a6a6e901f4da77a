package io.hostmove.events;

/** The four Hostmove services; the CloudEvents {@code source} of what each publishes. */
public enum Service {
    PLANNER("planner-service"),
    TRANSFER("transfer-service"),
    DNS("dns-service"),
    NOTIFICATION("notification-service");

    private final String serviceName;

    Service(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }

    /** The CloudEvents source attribute, a URI reference. */
    public String source() {
        return "/hostmove/" + serviceName;
    }
}

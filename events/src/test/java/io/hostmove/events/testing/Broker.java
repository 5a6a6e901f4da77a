package io.hostmove.events.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stops and starts the real test broker through the project's own script, as an outage would. */
public final class Broker {

    private Broker() {
    }

    public static void stop() {
        run("stop");
    }

    public static void start() {
        run("start");
    }

    private static void run(String action) {
        Path script = repositoryRoot().resolve("deploy/kafka.sh");
        try {
            Process process = new ProcessBuilder("bash", script.toString(), action)
                    .inheritIO()
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("deploy/kafka.sh " + action + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The checkout the tests run in: the first directory upwards that holds deploy/kafka.sh. */
    public static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/kafka.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/kafka.sh not found above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}

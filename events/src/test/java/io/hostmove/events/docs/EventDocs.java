package io.hostmove.events.docs;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the event documents live and how they are made; the renderers do the work. */
public final class EventDocs {

    /** The contract's sources, relative to the repository root; their javadoc feeds the documents. */
    public static final String CONTRACT_SOURCES = "events/src/main/java";
    public static final String MARKDOWN = "docs/events.md";
    public static final String ASYNCAPI = "docs/asyncapi.yaml";
    /** Setting this system property to {@code true} makes the test write the documents instead of checking them. */
    public static final String WRITE_PROPERTY = "hostmove.docs.write";
    public static final String REGENERATE = "./mvnw -pl events test -Dtest=EventDocsTest -D" + WRITE_PROPERTY + "=true";

    private EventDocs() {
    }

    /**
     * The repository root: the nearest directory at or above {@code user.dir} with a {@code pom.xml} and a
     * {@code docs/} or {@code deploy/} directory (Surefire runs tests in the module's directory).
     */
    public static Path repoRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && (Files.isDirectory(dir.resolve("docs")) || Files.isDirectory(dir.resolve("deploy")))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Hostmove repository root (pom.xml next to docs/ or deploy/) at or above "
                + start);
    }

    public static String markdown(Path repoRoot) {
        return new MarkdownRenderer(new Descriptions(repoRoot)).render();
    }

    public static String asyncApi(Path repoRoot) {
        return Yaml.write(asyncApiTree(repoRoot));
    }

    /** The AsyncAPI document as a tree, before it is written as YAML. */
    public static ObjectNode asyncApiTree(Path repoRoot) {
        return new AsyncApiRenderer(new Descriptions(repoRoot)).render();
    }
}

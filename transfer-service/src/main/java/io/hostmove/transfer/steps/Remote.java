package io.hostmove.transfer.steps;

import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.Sql;

import java.util.List;

/** Measurements and small actions on a host, each one quoted command. */
final class Remote {

    /** Count and bytes of the files below a directory. */
    record Tree(long files, long bytes) {
    }

    private static final String SUM = "awk 'BEGIN{n=0;s=0}{n++;s+=$1}END{print n, s}'";

    private Remote() {
    }

    static boolean isDirectory(RemoteHost host, String path) {
        return host.exec(Shell.command("test", "-d", path)).ok();
    }

    static Tree files(RemoteHost host, String path) {
        return tree(host.run("measuring " + path,
                Shell.pipe(Shell.command("find", path, "-type", "f", "-printf", "%s\\n"), SUM)));
    }

    /** Messages of a maildir: the files in its cur/ and new/ folders, at any depth. */
    static Tree maildir(RemoteHost host, String path) {
        return tree(host.run("measuring maildir " + path, Shell.pipe(Shell.command("find", path, "-type", "f",
                "(", "-path", "*/cur/*", "-o", "-path", "*/new/*", ")", "-printf", "%s\\n"), SUM)));
    }

    static long freeBytes(RemoteHost host, String path) {
        String out = host.run("checking free disk space", Shell.command("df", "-PB1", "--", path));
        String[] lines = out.strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].trim().split("\\s+")[3]);
    }

    /** Files below {@code home} (mail excluded) whose text names {@code needle}; at most 20. */
    static List<String> filesNaming(RemoteHost host, String home, String needle) {
        String out = host.exec(Shell.pipe(Shell.command("grep", "-rIlF", "--exclude-dir=Maildir", "-e", needle,
                "--", home), "head -n 20")).stdout();
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /** Paths below {@code root} matching the glob {@code pattern} (relative to root); at most 5. */
    static List<String> matching(RemoteHost host, String root, String pattern) {
        String out = host.exec(Shell.pipe(Shell.command("find", root, "-path", root + "/" + pattern,
                "-prune", "-print"), "head -n 5")).stdout();
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /** Version of a runtime on the host, or null when it is not installed. */
    static String version(RemoteHost host, String commandLine) {
        var result = host.exec(commandLine);
        return result.ok() && !result.stdout().isBlank() ? result.stdout().strip() : null;
    }

    static String mariadb(RemoteHost host, String what, String sql) {
        return host.run(what, Shell.command("mariadb", "-N", "-B", "-e", sql));
    }

    static String psql(RemoteHost host, String what, String database, String sql) {
        return host.run(what, Shell.command("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                Sql.pgConninfo(database), "-c", sql));
    }

    private static Tree tree(String out) {
        String[] parts = out.strip().split("\\s+");
        return new Tree(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}

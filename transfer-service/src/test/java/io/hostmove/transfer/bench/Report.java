package io.hostmove.transfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark results as Markdown: one table per benchmark, written to a file after each one. */
final class Report {

    /** One timed run of one side; NaN seconds if it failed. */
    record Run(int round, String order, double seconds, String note) {
        static Run failed(int round, String order, String why) {
            return new Run(round, order, Double.NaN, "FAILED: " + why);
        }
    }

    private final Path file;
    private final StringBuilder text = new StringBuilder();

    Report(Path file) {
        this.file = file;
        text.append("Machine: ").append(machine()).append('\n')
                .append("Tools: ").append(tools()).append("\n\n");
        flush();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * A table of the service's and the standard tool's runs, their medians and the ratio of the medians.
     *
     * @param ratioOfService true: service / tool (lower is better); false: tool / service (a speed-up)
     */
    void comparison(String title, String setup, String serviceLabel, String toolLabel, List<Run> service,
                    List<Run> tool, boolean ratioOfService, String goal, boolean met) {
        StringBuilder table = new StringBuilder("### ").append(title).append("\n\n").append(setup).append("\n\n")
                .append("| round | order | ").append(cell(serviceLabel)).append(" (s) | ").append(cell(toolLabel))
                .append(" (s) | notes |\n|---:|---|---:|---:|---|\n");
        for (int i = 0; i < service.size(); i++) {
            Run s = service.get(i);
            Run t = tool.get(i);
            table.append("| ").append(s.round()).append(" | ").append(s.order()).append(" | ")
                    .append(seconds(s.seconds())).append(" | ").append(seconds(t.seconds())).append(" | ")
                    .append(cell(joinNotes(s.note(), t.note()))).append(" |\n");
        }
        List<Double> serviceTimes = service.stream().map(Run::seconds).filter(Double::isFinite).toList();
        List<Double> toolTimes = tool.stream().map(Run::seconds).filter(Double::isFinite).toList();
        double serviceMedian = median(serviceTimes);
        double toolMedian = median(toolTimes);
        double ratio = ratioOfService ? serviceMedian / toolMedian : toolMedian / serviceMedian;
        table.append("| **median** | | **").append(seconds(serviceMedian)).append("** | **")
                .append(seconds(toolMedian)).append("** | |\n\n")
                .append(ratioOfService ? "Ratio service / " + toolLabel + " (medians): **" : "Speed-up (" + toolLabel
                        + " time / service time, medians): **")
                .append(String.format(Locale.ROOT, "%.2f", ratio)).append(ratioOfService ? "" : "×");
        long failures = service.size() - serviceTimes.size();
        table.append("** — goal ").append(goal).append(": **").append(met && failures == 0 ? "met" : "not met")
                .append("**");
        if (failures > 0) {
            table.append(" (").append(failures).append(" of the service's ").append(service.size())
                    .append(" runs failed, see the notes; the median is of the others)");
        }
        table.append(".\n\n");
        add(table.toString());
    }

    /** A free-form paragraph or table. */
    void add(String markdown) {
        text.append(markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.flush();
        flush();
    }

    /** Text for a table cell: a | would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    static String seconds(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.2f", seconds) : "failed";
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }

    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String joinNotes(String a, String b) {
        List<String> notes = new ArrayList<>();
        if (a != null && !a.isBlank()) {
            notes.add("service: " + a);
        }
        if (b != null && !b.isBlank()) {
            notes.add("tool: " + b);
        }
        return String.join("; ", notes);
    }

    private static String machine() {
        String cpu = BenchEnv.run(List.of("sh", "-c", "lscpu | sed -n 's/^Model name: *//p' | head -n 1")).strip();
        String memory = BenchEnv.run(List.of("sh", "-c", "awk '/MemTotal/ {printf \"%.1f GiB\", $2 / 1048576}' /proc/meminfo"));
        return BenchEnv.run(List.of("nproc")).strip() + " CPUs (nproc), " + cpu + ", " + memory + " RAM, Linux "
                + BenchEnv.run(List.of("uname", "-r")).strip() + ", "
                + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                + ", load average (1 / 5 min) at start " + load();
    }

    private static String tools() {
        return BenchEnv.run(List.of("sh", "-c", "rsync --version | head -n 1 | sed 's/  protocol.*//'; "
                + "ssh -V 2>&1 | cut -d, -f1; mariadb --version | sed 's/.*Distrib \\([^,]*\\),.*/MariaDB \\1/'; "
                + "psql --version | sed 's/psql (PostgreSQL) /PostgreSQL /'")).strip().replace("\n", ", ")
                + ", Java " + System.getProperty("java.version");
    }

    private void flush() {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.hostmove.transfer.rewrite;

import java.util.ArrayList;
import java.util.List;

/** Content split into lines that remember their own terminator ({@code \n}, {@code \r\n} or none at the end). */
final class Lines {

    record Line(String text, String terminator) {
    }

    private Lines() {
    }

    static List<Line> split(String content) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                int end = i;
                String terminator = "\n";
                if (end > start && content.charAt(end - 1) == '\r') {
                    end--;
                    terminator = "\r\n";
                }
                lines.add(new Line(content.substring(start, end), terminator));
                start = i + 1;
            }
        }
        lines.add(new Line(content.substring(start), ""));
        return lines;
    }

    static List<String> texts(List<Line> lines) {
        List<String> texts = new ArrayList<>(lines.size());
        for (Line line : lines) {
            texts.add(line.text());
        }
        return texts;
    }
}

package io.momentum.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the validation problems of one file so that all of them are reported at once, in reading order. */
final class Problems {
    private final String file;
    private final List<LoadProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void at(Node node, String message) {
        at(node == null ? null : node.getStartMark(), message);
    }

    void at(Mark mark, String message) {
        // SnakeYAML marks are zero-based; editors and compilers count from 1.
        found.add(mark == null
                ? new LoadProblem(file, 1, 1, message)
                : new LoadProblem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
    }

    void atLine(int line, int column, String message) {
        found.add(new LoadProblem(file, line, column, message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<LoadProblem> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt(LoadProblem::line).thenComparingInt(LoadProblem::column))
                .toList();
    }
}

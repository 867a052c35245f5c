package io.momentum.experiment;

/** One validation problem, printed as {@code file:line:column: message}. */
public record LoadProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}

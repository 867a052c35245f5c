package io.momentum.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code momentum analyze}: not available in this build yet. */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Not available yet in this build.")
public final class AnalyzeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("momentum analyze: not available yet in this build");
        return 2;
    }
}

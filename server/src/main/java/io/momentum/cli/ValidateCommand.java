package io.momentum.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code momentum validate}: not available in this build yet. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Not available yet in this build.")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("momentum validate: not available yet in this build");
        return 2;
    }
}

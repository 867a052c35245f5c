package io.momentum.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code momentum rebuild}: not available in this build yet. */
@Command(name = "rebuild", mixinStandardHelpOptions = true, description = "Not available yet in this build.")
public final class RebuildCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("momentum rebuild: not available yet in this build");
        return 2;
    }
}

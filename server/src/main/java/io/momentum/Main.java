package io.momentum;

import io.momentum.cli.AnalyzeCommand;
import io.momentum.cli.RebuildCommand;
import io.momentum.cli.ServeCommand;
import io.momentum.cli.ServerLauncher;
import io.momentum.config.ServerConfig;
import io.momentum.cli.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the Momentum jar: dispatches to the sub-commands. */
@Command(name = "momentum",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A/B testing and conversion-rate optimisation for the customer flywheel.",
        subcommands = {ServeCommand.class, ValidateCommand.class, AnalyzeCommand.class, RebuildCommand.class})
public final class Main implements Runnable, ServerLauncher {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Override
    public Running start(ServerConfig config) {
        return MomentumServer.start(config)::stop;
    }

    /** Reads the version from the jar manifest so it is never out of step with the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"momentum " + (v == null ? "dev" : v)};
        }
    }
}

package io.momentum.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The last commit of a file, read with the {@code git} binary when the directory is a git work tree. Missing
 * git, no repository or a slow answer all mean "no commit": the change is recorded without one.
 */
@FunctionalInterface
interface GitInfo {
    /** For directories that are not looked up (tests without processes). */
    GitInfo NONE = file -> Optional.empty();

    /** The commit id, its author and whether the working copy differs from it. */
    record Commit(String id, String author, boolean uncommitted) {
    }

    Optional<Commit> lastCommit(String file);

    static GitInfo of(Path dir) {
        return new Binary(dir);
    }

    /** Runs {@code git -C dir ...}. */
    final class Binary implements GitInfo {
        private static final long TIMEOUT_SECONDS = 5;
        private final Path dir;

        Binary(Path dir) {
            this.dir = dir;
        }

        @Override
        public Optional<Commit> lastCommit(String file) {
            List<String> log = git("log", "-1", "--format=%H%n%an <%ae>", "--", file);
            if (log.size() < 2) {
                return Optional.empty();
            }
            boolean dirty = !git("status", "--porcelain", "--", file).isEmpty();
            return Optional.of(new Commit(log.get(0), log.get(1), dirty));
        }

        private List<String> git(String... args) {
            List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return List.of();
                }
                return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).lines().toList() : List.of();
            } catch (IOException e) {
                return List.of(); // no git installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }
}

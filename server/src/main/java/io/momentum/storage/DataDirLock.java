package io.momentum.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock of a data directory ({@code momentum.lock}, an OS file lock, so a SIGKILLed server never
 * leaves it held): a second {@code serve} on the same directory refuses to start instead of opening the
 * embedded stores' files a running server writes. The holder never opens the file again while it holds the lock.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = "momentum.lock";
    /**
     * Lock files this JVM holds. Checked before opening the file again: closing any channel of a file releases every
     * lock the process holds on it (POSIX record locks), so a refused second attempt must not touch the file.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** A second server on a data directory already in use. */
    public static final class InUseException extends IllegalStateException {
        InUseException(String message) {
            super(message);
        }
    }

    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            if (!HELD.add(file)) {
                throw inUse(dataDir, Long.toString(ProcessHandle.current().pid())); // reading the file would drop our lock
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD.remove(file);
                throw inUse(dataDir, Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            HELD.remove(file);
            throw new UncheckedIOException("could not lock the data directory " + dataDir.toAbsolutePath(), e);
        }
    }

    private static InUseException inUse(Path dataDir, String holder) {
        return new InUseException("the data directory " + dataDir.toAbsolutePath() + " is in use by another momentum server"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + "; stop it first, or give this one its own --data-dir (or shared REDIS_URL and MONGO_URI stores)");
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(file);
        }
    }
}

package io.momentum.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit: any local user could rewrite the embedded Redis's counters or load code through {@code CONFIG SET dir} / {@code MODULE LOAD}. */
class EmbeddedRedisIT {
    @TempDir
    Path tmp;

    @Test
    void aClientWithoutThePasswordGetsNoauthAndConfigModuleDebugAreGone() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start(tmp.resolve("data"))) {
            try (Socket socket = new Socket("127.0.0.1", redis.port())) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                String ping = send(out, in, "PING");
                assertTrue(ping.startsWith("-NOAUTH"), "a client without the password got " + ping);
                String config = send(out, in, "CONFIG SET dir /tmp"); // redis-server looks the command up before the password
                assertTrue(config.startsWith("-ERR unknown command") || config.startsWith("-NOAUTH"), config);

                String password = Files.readString(tmp.resolve("data/redis").resolve(EmbeddedRedis.PASSWORD_FILE)).trim();
                assertEquals("+OK", send(out, in, "AUTH " + password));
                for (String command : EmbeddedRedis.DISABLED_COMMANDS) {
                    String answer = send(out, in, command + " HELP");
                    assertTrue(answer.startsWith("-ERR unknown command"), command + " answered " + answer);
                }
                assertEquals("+PONG", send(out, in, "PING"));
            }
        }
    }

    @Test
    void keepsThePasswordAndTheDataOutOfOtherUsersReach() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start(tmp.resolve("data"))) {
            Path dir = tmp.resolve("data/redis");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(EmbeddedRedis.PASSWORD_FILE))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertTrue(redis.url().contains("@127.0.0.1:"), "the URL carries the password");
        }
    }

    private static String send(OutputStream out, BufferedReader in, String inlineCommand) throws Exception {
        out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }
}

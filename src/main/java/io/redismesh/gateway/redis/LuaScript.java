package io.redismesh.gateway.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from {@code src/main/resources/lua/<name>.lua}, run by SHA with an EVAL fallback. A
 * script with a header line starting {@value #READ_ONLY} changes nothing: one that timed out wrote nothing.
 */
public record LuaScript(String name, String source, String sha, boolean readOnly) {

    static final String READ_ONLY = "-- read-only:";

    public static LuaScript load(String name) {
        String path = "lua/" + name + ".lua";
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(name, source, sha1Hex(source), source.lines().anyMatch(line -> line.startsWith(READ_ONLY)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    static String sha1Hex(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
